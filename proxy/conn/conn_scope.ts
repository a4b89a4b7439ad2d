/**
 * The connections one client session holds — the client's own and any
 * destination it dialled — so a server shutdown closes them all at once and
 * every wait in the session can give up instead of outliving the server.
 */

import { type Closable, closeQuietly } from "./close_quietly.ts";

/** The connections of one session, closed together when `parent` aborts. */
export class ConnScope {
  readonly #controller = new AbortController();
  readonly #held = new Set<Closable>();
  readonly #parent: AbortSignal | undefined;
  readonly #onAbort = () => this.abort();

  /** A scope that aborts when `parent` does (or at once, if it already has). */
  constructor(parent?: AbortSignal) {
    this.#parent = parent;
    if (parent?.aborted) this.abort();
    else parent?.addEventListener("abort", this.#onAbort, { once: true });
  }

  /** Aborts when the scope does: pass it to waits that should give up on shutdown. */
  get signal(): AbortSignal {
    return this.#controller.signal;
  }

  /** Whether the scope was aborted (the server is shutting down). */
  get aborted(): boolean {
    return this.#controller.signal.aborted;
  }

  /**
   * Holds `conn` so an abort closes it. On an aborted scope it is closed at
   * once and the answer is false: the caller must not use it.
   */
  hold(conn: Closable): boolean {
    if (this.aborted) {
      closeQuietly(conn);
      return false;
    }
    this.#held.add(conn);
    return true;
  }

  /**
   * Stops holding `conn` without closing it: a connection given back to an
   * upstream pool outlives this session (the pool closes it on shutdown).
   */
  release(conn: Closable): void {
    this.#held.delete(conn);
  }

  /** Closes every held connection and aborts `signal`; safe to call twice. */
  abort(): void {
    if (this.aborted) return;
    this.#controller.abort();
    for (const conn of this.#held) closeQuietly(conn);
    this.#held.clear();
  }

  /**
   * Ends the scope with its session: closes whatever is still held (nothing
   * should be, but a bug must not leak a connection) and stops listening to
   * the parent signal. Not an abort: `aborted` keeps its answer.
   */
  dispose(): void {
    this.#parent?.removeEventListener("abort", this.#onAbort);
    for (const conn of this.#held) closeQuietly(conn);
    this.#held.clear();
  }
}
