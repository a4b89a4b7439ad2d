/**
 * The API proxy's edge with the network: accepts connections on a unix socket
 * (what a bottle reaches through its read-only socket folder) or on a
 * loopback TCP port (for tests and benchmarks) and serves each with one
 * `ApiProxy` until shut down.
 */
import type { ListenOn, RunningServer } from "../listen.ts";
import { closeQuietly } from "../close_quietly.ts";
import { serveConnections } from "../serve_connections.ts";
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
  // The API proxy's handler does not watch a signal: shutdown closes its client
  // connection, which ends the exchange; idle upstream connections close at once.
  const serve = (conn: Deno.Conn, signal: AbortSignal) => {
    const close = () => closeQuietly(conn);
    signal.addEventListener("abort", close, { once: true });
    return proxy.handle(conn).finally(() => signal.removeEventListener("abort", close));
  };
  return serveConnections(on, serve, () => proxy.close());
}
