/**
 * Waiting on an edge (DNS, a dial) for at most a time limit, and no longer
 * than the session lives: a {@link Deadline} with the session's signal as its
 * parent. The wait leaves no timer or listener behind, and a result that
 * arrives after the wait gave up is handed to `onLate` (to close a connection
 * nobody will use).
 */
import type { AbortParent } from "./abort_parent.ts";
import { Deadline, EXPIRED } from "./deadline.ts";

/** How a bounded wait ended: the value, or why it gave up. */
export type Bounded<T> =
  | { readonly kind: "done"; readonly value: T }
  | { readonly kind: "timeout" }
  | { readonly kind: "aborted" };

/**
 * Starts `work` with a signal that aborts after `ms` or when `signal` does,
 * and waits for it until then. `work` should not reject (map failures to
 * values); if it does before the deadline, the rejection is passed on.
 * Nothing is started when `signal` has already aborted.
 */
export async function boundedWait<T>(
  ms: number,
  signal: AbortSignal | AbortParent,
  work: (signal: AbortSignal) => Promise<T>,
  onLate: (value: T) => void = () => {},
): Promise<Bounded<T>> {
  if (signal.aborted) return { kind: "aborted" };
  const deadline = new Deadline(ms, { signal });
  try {
    const running = work(deadline.signal);
    const outcome = await deadline.race(running);
    if (outcome !== EXPIRED) return { kind: "done", value: outcome };
    running.then(onLate, () => {});
    return { kind: deadline.expired ?? "timeout" };
  } finally {
    deadline.clear();
  }
}
