/**
 * The API proxy's listening edge: accepts connections on a unix socket (what
 * a bottle reaches through its read-only socket folder) or on a loopback TCP
 * port (for tests and benchmarks) and serves each with one `ApiProxy` until
 * shut down; shutdown also closes the idle upstream connections.
 */
import type { ListenOn, RunningServer } from "../conn/listen.ts";
import { serveConnections } from "../conn/serve_connections.ts";
import { ApiProxy } from "./api_proxy.ts";
import type { ApiProxyConfig, ApiProxyDeps } from "./api_proxy_config.ts";

export type { ListenOn, RunningServer } from "../conn/listen.ts";
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
  return serveConnections(on, (conn, signal) => proxy.handle(conn, signal), () => proxy.close());
}
