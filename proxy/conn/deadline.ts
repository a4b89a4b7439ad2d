/**
 * The proxies' one way to bound something in time. A deadline is one timer
 * that a wait can race (`race`), that can act when it passes (`onExpire`:
 * close a connection, cut an exchange), that a busy stream pushes back at the
 * cost of storing one number (`touch`: the timer is re-armed only when it
 * fires before the pushed-back time), and that ends early, as "aborted", when
 * a parent signal aborts. Every deadline is cleared when its wait ends.
 *
 * Deadlines share one native timer (`_timer_queue.ts`): a connection arms and
 * clears several of them, and a native timer each cost more than the checks
 * they guard.
 */
import { type AbortParent, abortParent } from "./abort_parent.ts";
import { schedule, type TimerEntry } from "./_timer_queue.ts";

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
  /**
   * Ends the deadline early, as "aborted", when this aborts (at once if it
   * has): an `AbortSignal`, or a session's scope (cheaper to follow).
   */
  readonly signal?: AbortSignal | AbortParent;
  /**
   * The latest the deadline may pass, in `performance.now()` milliseconds,
   * however often it is touched: one deadline is then both an idle limit and
   * a lifetime (`passedCap` tells which one ended it).
   */
  readonly cap?: number;
}

/** One time limit; see the module comment. */
export class Deadline {
  #ms: number;
  #due: number;
  #timer: TimerEntry | undefined;
  #why: ExpiredWhy | undefined;
  #cleared = false;
  #controller: AbortController | undefined;
  #waiters: Set<() => void> | undefined;
  readonly #onExpire: ((why: ExpiredWhy) => void) | undefined;
  readonly #parent: AbortParent | undefined;
  #unfollow: (() => void) | undefined;
  readonly #cap: number;

  /** A deadline `ms` from now (no later than `options.cap`). */
  constructor(ms: number, options: DeadlineOptions = {}) {
    this.#ms = ms;
    this.#cap = options.cap ?? Infinity;
    this.#due = Math.min(performance.now() + ms, this.#cap);
    this.#onExpire = options.onExpire;
    this.#parent = options.signal === undefined ? undefined : abortParent(options.signal);
    this.#timer = schedule(this.#due - performance.now(), this.#fire);
    if (this.#parent?.aborted) this.#expire("aborted");
    else this.#follow();
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

  /** Whether the cap, not the span, is what the deadline passed (or would pass next). */
  get passedCap(): boolean {
    return this.#due >= this.#cap;
  }

  /**
   * Pushes the deadline back to its full span from now (never past the cap);
   * cheap enough for every read of a stream.
   */
  touch(): void {
    this.#due = Math.min(performance.now() + this.#ms, this.#cap);
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
      this.#follow();
    }
    this.#ms = ms;
    this.#due = Math.min(performance.now() + ms, this.#cap);
    this.#timer?.cancel();
    this.#timer = schedule(this.#due - performance.now(), this.#fire);
  }

  /** Resolves like `promise`, or with {@link EXPIRED} once the deadline ends, whichever is first. */
  race<T>(promise: Promise<T>): Promise<T | Expired> {
    if (this.#why !== undefined) return Promise.resolve(EXPIRED);
    return new Promise<T | Expired>((resolve, reject) => {
      const expire = () => resolve(EXPIRED);
      (this.#waiters ??= new Set()).add(expire);
      promise.then(
        (value) => {
          this.#waiters?.delete(expire);
          resolve(value);
        },
        (error) => {
          this.#waiters?.delete(expire);
          reject(error);
        },
      );
    });
  }

  /** Stops the deadline: it never ends a wait or acts after this. Safe to call twice. */
  clear(): void {
    this.#cleared = true;
    this.#timer?.cancel();
    this.#unfollowParent();
    this.#waiters = undefined;
  }

  readonly #fire = () => {
    const early = this.#due - performance.now();
    // Touched since the timer was set: wait out the rest instead of re-arming on every touch.
    if (early > 0) this.#timer = schedule(early, this.#fire);
    else this.#expire("timeout");
  };

  #follow(): void {
    if (this.#parent === undefined) return;
    this.#unfollow = this.#parent.onAbort(() => this.#expire("aborted"));
  }

  #unfollowParent(): void {
    this.#unfollow?.();
    this.#unfollow = undefined;
  }

  #expire(why: ExpiredWhy): void {
    if (this.#why !== undefined || this.#cleared) return;
    this.#why = why;
    this.#timer?.cancel();
    this.#unfollowParent();
    this.#controller?.abort();
    const waiters = this.#waiters;
    this.#waiters = undefined;
    if (waiters !== undefined) { for (const waiter of waiters) waiter(); }
    this.#onExpire?.(why);
  }
}
