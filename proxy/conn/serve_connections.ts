/**
 * The listening edge both proxies share: accepts connections on a unix socket
 * or a loopback port and serves each with a handler until shutdown, which
 * stops accepting, aborts every handler's signal, and resolves only once
 * every handler has finished.
 */
import { closeQuietly } from "./close_quietly.ts";
import type { ListenOn, RunningServer } from "./listen.ts";

/** Serves one accepted connection; it must end soon after `signal` aborts. */
export type ServeConnection = (conn: Deno.Conn, signal: AbortSignal) => Promise<void>;

/** Accepts on `on` and serves each connection with `serve`; `onShutdown` runs once, as shutdown begins. */
export function serveConnections(
  on: ListenOn,
  serve: ServeConnection,
  onShutdown: () => void = () => {},
): RunningServer {
  const listener = "path" in on
    ? Deno.listen({ transport: "unix", path: on.path })
    : Deno.listen({ hostname: "127.0.0.1", port: on.port });
  const stopping = new AbortController();
  const handlers = new Set<Promise<void>>();
  const accepting = (async () => {
    for (;;) {
      let conn: Deno.Conn;
      try {
        conn = await listener.accept();
      } catch {
        if (stopping.signal.aborted) return;
        // A failed accept (out of file descriptors, say) must not stop the
        // proxy for good: pause, then accept again.
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      if (stopping.signal.aborted) {
        conn.close();
        continue;
      }
      const handled: Promise<void> = serve(conn, stopping.signal)
        .catch(() => {})
        .finally(() => handlers.delete(handled));
      handlers.add(handled);
    }
  })();
  const port = "path" in on ? undefined : (listener.addr as Deno.NetAddr).port;
  return {
    address: "path" in on ? on.path : `127.0.0.1:${port}`,
    port,
    shutdown: async () => {
      if (!stopping.signal.aborted) {
        stopping.abort();
        onShutdown();
      }
      closeQuietly(listener);
      await accepting;
      while (handlers.size > 0) await Promise.all(handlers);
    },
  };
}
