/**
 * The API proxy's edge with the network: serves the handler on a unix socket
 * (what a bottle reaches through its read-only socket folder) or on a
 * loopback TCP port (for tests and benchmarks).
 */
import type { ListenOn, RunningServer } from "../listen.ts";

export type { ListenOn, RunningServer } from "../listen.ts";

/** A handler that learns, through `clientGone`, that its client went away. */
export type ProxyHandler = (request: Request, clientGone: AbortSignal) => Promise<Response>;

/** Serves `handler` until `shutdown` is called. */
export function serveHandler(on: ListenOn, proxyHandler: ProxyHandler): RunningServer {
  // `completed` rejects when the client goes away before the response is delivered;
  // that, not `request.signal`, tells the handler to cancel its upstream request.
  const handler = (request: Request, info: Deno.ServeHandlerInfo) => {
    const gone = new AbortController();
    info.completed.catch(() => gone.abort());
    return proxyHandler(request, gone.signal);
  };
  const onError = () =>
    new Response('{"type":"error","error":{"type":"api_error","message":"bottle: proxy error"}}', {
      status: 502,
      headers: { "content-type": "application/json" },
    });
  if ("path" in on) {
    const server = Deno.serve({ path: on.path, onListen: () => {}, onError }, handler);
    return { address: on.path, port: undefined, shutdown: () => server.shutdown() };
  }
  const server = Deno.serve(
    { hostname: "127.0.0.1", port: on.port, onListen: () => {}, onError },
    handler,
  );
  const port = server.addr.port;
  return { address: `127.0.0.1:${port}`, port, shutdown: () => server.shutdown() };
}
