/**
 * One client connection, served the same way by both proxies: the session
 * (socket, read buffer, and the scope a shutdown closes), the connection
 * limit, then request after request — a head read under its deadline, the
 * proxy's decision on it, and the keep-alive loop — until the connection
 * closes. Each proxy brings only its decisions, as a {@link Road}.
 */
import { ByteReader } from "../http/byte_reader.ts";
import type { RequestHead } from "../http/parse_request_head.ts";
import { ConnScope } from "./conn_scope.ts";
import { type HeadRefused, type HeadWait, readRequestHead } from "./read_request_head.ts";

export type { HeadRefused } from "./read_request_head.ts";

/** One client connection: the socket, its read buffer, and what shutdown closes. */
export interface Client {
  readonly conn: Deno.Conn;
  readonly reader: ByteReader;
  readonly scope: ConnScope;
}

/** What a proxy adds to the connection core: its limits and its decisions. */
export interface Road {
  /** Connections served at once; the one over it is refused with {@link Road.overloaded}. */
  readonly maxConnections: number;
  /** The time limits of a request head. */
  readonly headWait: HeadWait;
  /** Audits and answers a connection over the limit. */
  overloaded(client: Client): Promise<void>;
  /**
   * Audits and answers what arrived instead of a head; `started` is when the
   * request counts from (when the proxy began waiting, for a head too slow).
   */
  refuseHead(client: Client, refused: HeadRefused, started: number): Promise<void>;
  /** Decides and serves one request; true when the connection may carry another. */
  exchange(client: Client, head: RequestHead, started: number): Promise<boolean>;
}

/** The connections a proxy is serving right now. */
export class ConnectionCount {
  #value = 0;

  /** Connections being served. */
  get value(): number {
    return this.#value;
  }

  /** Counts one more; returns the new count. */
  enter(): number {
    return ++this.#value;
  }

  /** Counts one fewer. */
  leave(): void {
    this.#value--;
  }
}

/**
 * Serves `conn` with `road` until it closes; never throws. When `signal`
 * aborts (server shutdown), the client's connection and any destination it
 * reached are closed and this resolves soon after.
 */
export async function serveClient(
  conn: Deno.Conn,
  signal: AbortSignal | undefined,
  road: Road,
  count: ConnectionCount,
): Promise<void> {
  const active = count.enter();
  const scope = new ConnScope(signal);
  const client: Client = { conn, reader: new ByteReader(conn), scope };
  try {
    if (!scope.hold(conn)) return;
    // Heads and bodies go out in separate writes: with Nagle's algorithm on,
    // a client's delayed ACK would hold each kept-alive answer for ~40 ms.
    // (A decrypted connection inside an intercepted tunnel has a TCP address but no socket.)
    if (conn.remoteAddr.transport === "tcp" && "setNoDelay" in conn) {
      (conn as Deno.TcpConn).setNoDelay(true);
    }
    if (active > road.maxConnections) return await road.overloaded(client);
    for (let first = true;; first = false) {
      const waiting = performance.now();
      let read = await readRequestHead(client.reader, road.headWait, first, scope);
      if (read === undefined) return;
      if (read.kind === "refuse") {
        // A slow head is timed from when the proxy began waiting for it.
        return await road.refuseHead(client, read, read.timedOut ? waiting : performance.now());
      }
      const exchanged = road.exchange(client, read.head, performance.now());
      // A suspended frame keeps its variables: drop the head, so an open
      // tunnel (a long exchange) does not hold its request's fields.
      read = undefined;
      if (!(await exchanged)) return;
      if (scope.aborted) return;
      client.reader.shrink();
    }
  } catch {
    // A network failure or a bug ends this connection only: fail closed.
  } finally {
    // Closes the client's socket and any destination a failure left open.
    scope.dispose();
    // A read abandoned at a deadline ends now that the socket is closed.
    await client.reader.settled();
    count.leave();
  }
}
