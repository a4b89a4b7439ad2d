/**
 * The egress proxy's listening edge: accepts connections on a unix socket or
 * a loopback port and serves each until shutdown, which stops accepting,
 * closes every connection (clients and the destinations they reach) and
 * resolves only once every connection's handler has finished.
 */
import type { ListenOn, RunningServer } from "../listen.ts";

/** What serves one accepted connection; it must end soon after `signal` aborts. */
export interface ConnHandler {
  handle(conn: Deno.Conn, signal: AbortSignal): Promise<void>;
}

/** Accepts connections on `on` and serves each with `proxy` until shut down. */
export function serveEgressProxy(on: ListenOn, proxy: ConnHandler): RunningServer {
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
      const handled: Promise<void> = proxy.handle(conn, stopping.signal)
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
      stopping.abort();
      try {
        listener.close();
      } catch { /* already closed */ }
      await accepting;
      while (handlers.size > 0) await Promise.all(handlers);
    },
  };
}
