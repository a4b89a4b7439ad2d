/** Closing a connection that may already be closed, the one way both proxies do it. */

/** Anything with a `close`, such as `Deno.Conn` or a listener. */
export interface Closable {
  close(): void;
}

/** Closes `conn` (if any), ignoring one that is already closed. */
export function closeQuietly(conn: Closable | undefined): void {
  try {
    conn?.close();
  } catch { /* already closed */ }
}
