/**
 * Something that ends early — a session a shutdown aborts, or an
 * `AbortSignal` — as the core's waits follow it. A session's scope answers
 * `onAbort` from a plain set: following a scope costs a set entry, where an
 * `AbortSignal` listener costs an event-target registration for every wait.
 */

/** A parent a wait follows: whether it has ended, and a way to hear when it does. */
export interface AbortParent {
  readonly aborted: boolean;
  /** Calls `listener` once when the parent aborts; returns what stops that. */
  onAbort(listener: () => void): () => void;
}

/** `signal` (or a cheaper parent) as an {@link AbortParent}. */
export function abortParent(signal: AbortSignal | AbortParent): AbortParent {
  if (!(signal instanceof AbortSignal)) return signal;
  return {
    get aborted() {
      return signal.aborted;
    },
    onAbort(listener) {
      signal.addEventListener("abort", listener, { once: true });
      return () => signal.removeEventListener("abort", listener);
    },
  };
}
