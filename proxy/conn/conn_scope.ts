/**
 * The connections one client session holds — the client's own and any
 * destination it dialled — so a server shutdown closes them all at once and
 * every wait in the session can give up instead of outliving the server.
 *
 * A scope is on every connection's path, so it is cheap: it follows the
 * server's signal through one listener per signal (a set of scopes, not a
 * listener per scope), tells its own waits through a plain set
 * (`onAbort`, an {@link AbortParent}), and builds an `AbortSignal` only for a
 * caller that asks for one.
 */

import type { AbortParent } from "./abort_parent.ts";
import { type Closable, closeQuietly } from "./close_quietly.ts";

/** The scopes following each server signal, aborted together by its one listener. */
const following = new WeakMap<AbortSignal, Set<ConnScope>>();

function follow(parent: AbortSignal, scope: ConnScope): void {
  let scopes = following.get(parent);
  if (scopes === undefined) {
    const set = new Set<ConnScope>();
    scopes = set;
    following.set(parent, set);
    parent.addEventListener("abort", () => {
      for (const each of set) each.abort();
      set.clear();
    }, { once: true });
  }
  scopes.add(scope);
}

/** The connections of one session, closed together when `parent` aborts. */
export class ConnScope implements AbortParent {
  readonly #held = new Set<Closable>();
  readonly #parent: AbortSignal | undefined;
  #aborted = false;
  #controller: AbortController | undefined;
  #listeners: Set<() => void> | undefined;

  /** A scope that aborts when `parent` does (or at once, if it already has). */
  constructor(parent?: AbortSignal) {
    this.#parent = parent;
    if (parent?.aborted) this.abort();
    else if (parent !== undefined) follow(parent, this);
  }

  /** Aborts when the scope does: pass it to work that takes an `AbortSignal`. */
  get signal(): AbortSignal {
    if (this.#controller === undefined) {
      this.#controller = new AbortController();
      if (this.#aborted) this.#controller.abort();
    }
    return this.#controller.signal;
  }

  /** Whether the scope was aborted (the server is shutting down). */
  get aborted(): boolean {
    return this.#aborted;
  }

  /** Calls `listener` once when the scope aborts; returns what stops that. */
  onAbort(listener: () => void): () => void {
    if (this.#aborted) return () => {};
    (this.#listeners ??= new Set()).add(listener);
    return () => this.#listeners?.delete(listener);
  }

  /**
   * Holds `conn` so an abort closes it. On an aborted scope it is closed at
   * once and the answer is false: the caller must not use it.
   */
  hold(conn: Closable): boolean {
    if (this.#aborted) {
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

  /** Closes every held connection, aborts `signal` and tells `onAbort` listeners; safe to call twice. */
  abort(): void {
    if (this.#aborted) return;
    this.#aborted = true;
    this.#controller?.abort();
    for (const conn of this.#held) closeQuietly(conn);
    this.#held.clear();
    const listeners = this.#listeners;
    this.#listeners = undefined;
    if (listeners !== undefined) { for (const listener of listeners) listener(); }
  }

  /**
   * Ends the scope with its session: closes whatever is still held (nothing
   * should be, but a bug must not leak a connection) and stops following the
   * parent signal. Not an abort: `aborted` keeps its answer.
   */
  dispose(): void {
    if (this.#parent !== undefined) following.get(this.#parent)?.delete(this);
    for (const conn of this.#held) closeQuietly(conn);
    this.#held.clear();
    this.#listeners = undefined;
  }
}
