/**
 * The proxies' one way to bound something in time. A deadline is one timer
 * that a wait can race (`race`), that can act when it passes (`onExpire`:
 * close a connection, cut an exchange), that a busy stream pushes back at the
 * cost of storing one number (`touch`: the timer is re-armed only when it
 * fires before the pushed-back time), and that ends early, as "aborted", when
 * a parent signal aborts. Every deadline is cleared when its wait ends.
 *
 * All deadlines share one timer (`AlarmClock`). A proxy sets and clears
 * several deadlines per request and nearly all of them end long before they
 * are due, so setting one is a Set add and clearing it a delete: the timer
 * moves only for a sooner deadline, and is left armed (unref'd, so it keeps
 * nothing alive) when none is left, to be taken up by the next.
 */
import { type AbortParent, abortParent } from "./abort_parent.ts";

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

/** A time something is due, and what to do then. */
interface Alarm {
  due: number;
  readonly ring: () => void;
}

/** One timer for every alarm, armed for the soonest; alarms due together ring in order. */
class AlarmClock {
  readonly #alarms = new Set<Alarm>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** When the timer fires (it may be armed for an alarm since cancelled: the tick looks again). */
  #armedFor = Infinity;

  /** Sets `alarm`, or sets it again after its `due` changed. */
  set(alarm: Alarm): void {
    if (this.#alarms.size === 0 && this.#timer !== undefined) Deno.refTimer(this.#timer);
    this.#alarms.add(alarm);
    if (alarm.due < this.#armedFor) this.#arm(alarm.due);
  }

  /** Takes `alarm` off; with none left the timer stays armed but keeps the process alive no more. */
  cancel(alarm: Alarm): void {
    if (!this.#alarms.delete(alarm)) return;
    if (this.#alarms.size === 0 && this.#timer !== undefined) Deno.unrefTimer(this.#timer);
  }

  #arm(due: number): void {
    clearTimeout(this.#timer);
    this.#armedFor = due;
    const timer = setTimeout(this.#tick, Math.max(0, due - performance.now()));
    this.#timer = timer;
    if (this.#alarms.size === 0) Deno.unrefTimer(timer);
  }

  readonly #tick = () => {
    this.#timer = undefined;
    this.#armedFor = Infinity;
    const now = performance.now();
    const ringing: Alarm[] = [];
    let next = Infinity;
    // An alarm pushed back (touched) since the timer was set waits for a later tick.
    for (const alarm of this.#alarms) {
      if (alarm.due <= now) ringing.push(alarm);
      else if (alarm.due < next) next = alarm.due;
    }
    for (const alarm of ringing) this.#alarms.delete(alarm);
    if (next < Infinity) this.#arm(next);
    ringing.sort((a, b) => a.due - b.due);
    for (const alarm of ringing) alarm.ring();
  };
}

const CLOCK = new AlarmClock();

/** One time limit; see the module comment. */
export class Deadline {
  #ms: number;
  readonly #alarm: Alarm;
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
    this.#alarm = {
      due: Math.min(performance.now() + ms, this.#cap),
      ring: () => this.#expire("timeout"),
    };
    this.#onExpire = options.onExpire;
    this.#parent = options.signal === undefined ? undefined : abortParent(options.signal);
    CLOCK.set(this.#alarm);
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
    return this.#alarm.due >= this.#cap;
  }

  /**
   * Pushes the deadline back to its full span from now (never past the cap);
   * cheap enough for every read of a stream.
   */
  touch(): void {
    this.#alarm.due = Math.min(performance.now() + this.#ms, this.#cap);
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
    this.#alarm.due = Math.min(performance.now() + ms, this.#cap);
    CLOCK.set(this.#alarm);
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
    CLOCK.cancel(this.#alarm);
    this.#unfollowParent();
    this.#waiters = undefined;
  }

  /** Follows the parent, if any: it ends this deadline as "aborted". */
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
    CLOCK.cancel(this.#alarm);
    this.#unfollowParent();
    this.#controller?.abort();
    const waiters = this.#waiters;
    this.#waiters = undefined;
    if (waiters !== undefined) { for (const waiter of waiters) waiter(); }
    this.#onExpire?.(why);
  }
}
