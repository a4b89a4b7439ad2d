/**
 * The benchmark's stand-in supervisor: the API proxy on a unix socket and the
 * egress proxy on a loopback port, in their own process as in a real bottle.
 * The API proxy also listens on a loopback port: it takes origin-form requests
 * only, and Deno's fetch speaks origin-form over TCP but not over a unix socket.
 * Prints `{"egressPort":N,"apiPort":M}` when ready and runs until its standard
 * input closes; a line "gc" on standard input runs a full collection (with
 * `--v8-flags=--expose-gc`) and answers `{"gc":true,"rss":N}`.
 * The egress proxy writes its audit lines to the file BOTTLE_BENCH_AUDIT names
 * (as the supervisor does), or nowhere when it is not set.
 * Usage: deno run -A _proxies_process.ts UPSTREAM_URL UPSTREAM_PORT API_SOCKET PHANTOM
 */
import { serveApiProxy } from "../../proxy/api/serve_api_proxy.ts";
import { EgressProxy, serveEgressProxy } from "../../proxy/egress/egress_proxy.ts";
import { openAuditLog } from "../../proxy/audit/audit_log.ts";
import { compileEgressPolicy } from "../../proxy/policy/mod.ts";

// The audit log, as a supervisor writes it, when BOTTLE_BENCH_AUDIT names a file; else nowhere.
const auditPath = Deno.env.get("BOTTLE_BENCH_AUDIT");
const audit = auditPath === undefined ? () => {} : openAuditLog(auditPath).write;

const [upstreamUrl, upstreamPort, apiSock, phantom] = Deno.args;
if (
  upstreamUrl === undefined || upstreamPort === undefined || apiSock === undefined ||
  phantom === undefined
) {
  throw new Error("usage: UPSTREAM_URL UPSTREAM_PORT API_SOCKET PHANTOM");
}
const apiConfig = {
  bottle: "bench",
  upstream: upstreamUrl,
  credential: { type: "oauth", value: "real" },
  phantom,
} as const;
const api = serveApiProxy({ path: apiSock }, apiConfig, { audit: () => {} });
const apiTcp = serveApiProxy({ port: 0 }, apiConfig, { audit: () => {} });
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
      audit,
    },
  ),
);
console.log(
  JSON.stringify({ egressPort: egress.port, apiPort: apiTcp.port, rss: Deno.memoryUsage().rss }),
);
const ticker = setInterval(
  () => console.log(JSON.stringify({ rss: Deno.memoryUsage().rss })),
  1000,
);
// A line "gc" on standard input runs a full garbage collection (when started with
// --expose-gc) and answers {"gc":true,"rss":N}: the memory bench reads what tunnels
// hold, not garbage a collection has not reached yet.
const gc = (globalThis as { gc?: () => void }).gc;
const lines = Deno.stdin.readable.pipeThrough(new TextDecoderStream()).getReader();
let pending = "";
for (let read = await lines.read(); !read.done; read = await lines.read()) {
  pending += read.value;
  for (let end = pending.indexOf("\n"); end !== -1; end = pending.indexOf("\n")) {
    const line = pending.slice(0, end).trim();
    pending = pending.slice(end + 1);
    if (line === "gc") {
      gc?.();
      console.log(JSON.stringify({ gc: gc !== undefined, ...Deno.memoryUsage() }));
    }
  }
}
clearInterval(ticker);
await api.shutdown();
await apiTcp.shutdown();
await egress.shutdown();
