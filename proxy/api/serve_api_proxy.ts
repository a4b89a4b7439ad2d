/**
 * The API proxy's edge with the network: accepts connections on a unix socket
 * (what a bottle reaches through its read-only socket folder) or on a
 * loopback TCP port (for tests and benchmarks) and serves each with one
 * `ApiProxy` until shut down.
 */
import type { ListenOn, RunningServer } from "../listen.ts";
import { ApiProxy } from "./api_proxy.ts";
import type { ApiProxyConfig, ApiProxyDeps } from "./api_proxy_config.ts";

export type { ListenOn, RunningServer } from "../listen.ts";
export type { ApiLimits, ApiProxyConfig, ApiProxyDeps } from "./api_proxy_config.ts";

/**
 * Starts the API proxy for one bottle on `on`. Throws when `config.upstream`
 * is not an http: or https: base URL, or the socket cannot be bound.
 */
export function serveApiProxy(
  on: ListenOn,
  config: ApiProxyConfig,
  deps: ApiProxyDeps,
): RunningServer {
  const proxy = new ApiProxy(config, deps);
  const listener = "path" in on
    ? Deno.listen({ transport: "unix", path: on.path })
    : Deno.listen({ hostname: "127.0.0.1", port: on.port });
  const open = new Map<Deno.Conn, Promise<void>>();
  let closing = false;
  const accepting = (async () => {
    for (;;) {
      let conn: Deno.Conn;
      try {
        conn = await listener.accept();
      } catch {
        if (closing) return;
        // A failed accept (out of file descriptors, say) must not stop the
        // proxy for good: pause, then accept again.
        await new Promise((resolve) => setTimeout(resolve, 50));
        continue;
      }
      if (closing) {
        conn.close();
        continue;
      }
      open.set(conn, proxy.handle(conn).finally(() => open.delete(conn)));
    }
  })();
  const port = "path" in on ? undefined : (listener.addr as Deno.NetAddr).port;
  return {
    address: "path" in on ? on.path : `127.0.0.1:${port}`,
    port,
    shutdown: async () => {
      closing = true;
      try {
        listener.close();
      } catch { /* already closed */ }
      await accepting;
      // Idle upstream connections now; those still in use close with their exchange.
      proxy.close();
      const serving = [...open.values()];
      for (const conn of open.keys()) {
        try {
          conn.close();
        } catch { /* already closed */ }
      }
      await Promise.all(serving);
    },
  };
}
