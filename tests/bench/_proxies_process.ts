/**
 * The benchmark's stand-in supervisor: the API proxy on a unix socket and the
 * egress proxy on a loopback port, in their own process as in a real bottle.
 * Prints `{"egressPort":N}` when ready and runs until its standard input closes.
 * Usage: deno run -A _proxies_process.ts UPSTREAM_URL UPSTREAM_PORT API_SOCKET PHANTOM
 */
import { createApiHandler } from "../../proxy/api/api_handler.ts";
import { serveHandler } from "../../proxy/api/serve_api_proxy.ts";
import { EgressProxy, serveEgressProxy } from "../../proxy/egress/egress_proxy.ts";
import { compileEgressPolicy } from "../../proxy/policy/mod.ts";

const [upstreamUrl, upstreamPort, apiSock, phantom] = Deno.args;
if (
  upstreamUrl === undefined || upstreamPort === undefined || apiSock === undefined ||
  phantom === undefined
) {
  throw new Error("usage: UPSTREAM_URL UPSTREAM_PORT API_SOCKET PHANTOM");
}
const api = serveHandler(
  { path: apiSock },
  createApiHandler(
    {
      bottle: "bench",
      upstream: upstreamUrl,
      credential: { type: "oauth", value: "real" },
      phantom,
    },
    { fetch, audit: () => {} },
  ),
);
const egress = serveEgressProxy(
  { port: 0 },
  new EgressProxy(
    {
      bottle: "bench",
      policy: compileEgressPolicy([`127.0.0.1:${upstreamPort}`]),
      limits: { maxConnections: 1024 },
    },
    {
      resolve: () => Promise.resolve([]),
      connect: (address, port) => Deno.connect({ hostname: address, port }),
      audit: () => {},
    },
  ),
);
console.log(JSON.stringify({ egressPort: egress.port, rss: Deno.memoryUsage().rss }));
const stdin = Deno.stdin.readable.getReader();
const ticker = setInterval(
  () => console.log(JSON.stringify({ rss: Deno.memoryUsage().rss })),
  1000,
);
while (!(await stdin.read()).done) { /* wait for the parent to close stdin */ }
clearInterval(ticker);
await api.shutdown();
await egress.shutdown();
