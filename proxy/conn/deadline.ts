/**
 * The proxies' one way to bound something in time. A deadline is one timer
 * that a wait can race (`race`), that can act when it passes (`onExpire`:
 * close a connection, cut an exchange), that a busy stream pushes back at the
 * cost of storing one number (`touch`: the timer is re-armed only when it
 * fires before the pushed-back time), and that ends early, as "aborted", when
 * a parent signal aborts. Every deadline is cleared when its wait ends.
 */

/** What a raced wait resolves with when the deadline passed first. */
export const EXPIRED: unique symbol = Symbol("expired");

/** The type of {@link EXPIRED}. */
export type Expired = typeof EXPIRED;

/** Why a deadline ended a wait: its time passed, or its parent signal aborted. */
export type ExpiredWhy = "timeout" | "aborted";

/** What a deadline does besides answering races. */
export interface DeadlineOptions {
  /** Runs once when the deadline passes or its signal aborts (never after `clear`). */
  readonly onExpire?: (why: ExpiredWhy) => void;
  /** Ends the deadline early, as "aborted", when this aborts (at once if it has). */
  readonly signal?: AbortSignal;
}

/** One time limit; see the module comment. */
export class Deadline {
  #ms: number;
  #due: number;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #why: ExpiredWhy | undefined;
  #cleared = false;
  #controller: AbortController | undefined;
  readonly #waiters = new Set<() => void>();
  readonly #onExpire: ((why: ExpiredWhy) => void) | undefined;
  readonly #parent: AbortSignal | undefined;
  readonly #onAbort = () => this.#expire("aborted");

  /** A deadline `ms` from now. */
  constructor(ms: number, options: DeadlineOptions = {}) {
    this.#ms = ms;
    this.#due = performance.now() + ms;
    this.#onExpire = options.onExpire;
    this.#parent = options.signal;
    this.#timer = setTimeout(this.#fire, ms);
    if (this.#parent?.aborted) this.#expire("aborted");
    else this.#parent?.addEventListener("abort", this.#onAbort, { once: true });
  }

  /** Why the deadline ended, or undefined while it runs (or once cleared in time). */
  get expired(): ExpiredWhy | undefined {
    return this.#why;
  }

  /** A signal that aborts when the deadline ends: pass it to work that should give up then. */
  get signal(): AbortSignal {
    this.#controller ??= new AbortController();
    if (this.#why !== undefined) this.#controller.abort();
    return this.#controller.signal;
  }

  /** Pushes the deadline back to its full span from now; cheap enough for every read of a stream. */
  touch(): void {
    this.#due = performance.now() + this.#ms;
  }

  /**
   * Sets a new span, `ms` from now (a kept-alive wait becoming a head's
   * deadline, say); a deadline whose time passed runs again. One whose parent
   * signal aborted, or that was cleared, stays ended.
   */
  reset(ms: number): void {
    if (this.#why === "aborted" || this.#cleared) return;
    if (this.#why === "timeout") {
      this.#why = undefined;
      this.#controller = undefined;
      this.#parent?.addEventListener("abort", this.#onAbort, { once: true });
    }
    this.#ms = ms;
    this.#due = performance.now() + ms;
    clearTimeout(this.#timer);
    this.#timer = setTimeout(this.#fire, ms);
  }

  /** Resolves like `promise`, or with {@link EXPIRED} once the deadline ends, whichever is first. */
  race<T>(promise: Promise<T>): Promise<T | Expired> {
    if (this.#why !== undefined) return Promise.resolve(EXPIRED);
    return new Promise<T | Expired>((resolve, reject) => {
      const expire = () => resolve(EXPIRED);
      this.#waiters.add(expire);
      promise.then(
        (value) => {
          this.#waiters.delete(expire);
          resolve(value);
        },
        (error) => {
          this.#waiters.delete(expire);
          reject(error);
        },
      );
    });
  }

  /** Stops the deadline: it never ends a wait or acts after this. Safe to call twice. */
  clear(): void {
    this.#cleared = true;
    clearTimeout(this.#timer);
    this.#parent?.removeEventListener("abort", this.#onAbort);
    this.#waiters.clear();
  }

  readonly #fire = () => {
    const early = this.#due - performance.now();
    // Touched since the timer was set: wait out the rest instead of re-arming on every touch.
    if (early > 0) this.#timer = setTimeout(this.#fire, early);
    else this.#expire("timeout");
  };

  #expire(why: ExpiredWhy): void {
    if (this.#why !== undefined || this.#cleared) return;
    this.#why = why;
    clearTimeout(this.#timer);
    this.#parent?.removeEventListener("abort", this.#onAbort);
    this.#controller?.abort();
    for (const waiter of this.#waiters) waiter();
    this.#waiters.clear();
    this.#onExpire?.(why);
  }
}
