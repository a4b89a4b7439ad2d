/** Closing a connection that may already be closed, the one way both proxies do it. */

/** Anything with a `close`, such as `Deno.Conn` or a listener. */
export interface Closable {
  close(): void;
}

/**
 * What `closeQuietly` has closed. A second close of a Deno resource throws a
 * `BadResource` error, and building that error (with its stack) costs more
 * than the close itself; a connection is often closed by its tunnel and again
 * by its session's scope, so the second close is skipped instead.
 */
const closed = new WeakSet<Closable>();

/** Closes `conn` (if any), ignoring one that is already closed. */
export function closeQuietly(conn: Closable | undefined): void {
  if (conn === undefined || closed.has(conn)) return;
  closed.add(conn);
  try {
    conn.close();
  } catch { /* already closed */ }
}
