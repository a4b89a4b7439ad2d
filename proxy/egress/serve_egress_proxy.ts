/**
 * The egress proxy's listening edge: shutdown closes every connection
 * (clients, the destinations they reach and the idle upstream connections)
 * and resolves only once every connection's handler has finished.
 */
import type { ListenOn, RunningServer } from "../conn/listen.ts";
import { serveConnections } from "../conn/serve_connections.ts";

/** What serves one accepted connection; it must end soon after `signal` aborts. */
export interface ConnHandler {
  handle(conn: Deno.Conn, signal: AbortSignal): Promise<void>;
  /** Closes what outlives connections (idle upstream connections), as shutdown begins. */
  close?(): void;
}

/** Accepts connections on `on` and serves each with `proxy` until shut down. */
export function serveEgressProxy(on: ListenOn, proxy: ConnHandler): RunningServer {
  return serveConnections(on, (conn, signal) => proxy.handle(conn, signal), () => proxy.close?.());
}
