/**
 * The API proxy's edge with the network: serves the handler on a unix socket
 * (what a bottle reaches through its read-only socket folder) or on a
 * loopback TCP port (for tests and benchmarks).
 */

/** Where to listen: a unix socket path, or a loopback port (0 picks one). */
export type ListenOn = { readonly path: string } | { readonly port: number };

/** A running server and how to stop it. */
export interface RunningServer {
  /** The unix socket path, or `127.0.0.1:PORT`. */
  readonly address: string;
  /** The TCP port when listening on loopback. */
  readonly port: number | undefined;
  /** Stops accepting, closes connections, resolves when done. */
  readonly shutdown: () => Promise<void>;
}

/** Serves `handler` until `shutdown` is called. */
export function serveHandler(
  on: ListenOn,
  handler: (request: Request) => Promise<Response>,
): RunningServer {
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
