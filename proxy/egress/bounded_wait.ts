/**
 * Waiting on an edge (DNS, a dial) for at most a time limit, and no longer
 * than the session lives. The wait leaves no timer or listener behind, and a
 * result that arrives after the wait gave up is handed to `onLate` (to close
 * a connection nobody will use).
 */

/** How a bounded wait ended: the value, or why it gave up. */
export type Bounded<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly why: "timeout" | "aborted" };

/**
 * Starts `work` with a signal that aborts after `ms` or when `signal` does,
 * and waits for it until then. `work` should not reject (map failures to
 * values); if it does before the deadline, the rejection is passed on.
 * Nothing is started when `signal` has already aborted.
 */
export async function boundedWait<T>(
  ms: number,
  signal: AbortSignal,
  work: (signal: AbortSignal) => Promise<T>,
  onLate: (value: T) => void = () => {},
): Promise<Bounded<T>> {
  if (signal.aborted) return { ok: false, why: "aborted" };
  const controller = new AbortController();
  let why: "timeout" | "aborted" = "timeout";
  const gaveUp = new Promise<undefined>((resolve) => {
    controller.signal.addEventListener("abort", () => resolve(undefined), { once: true });
  });
  const timer = setTimeout(() => controller.abort(), ms);
  const onAbort = () => {
    why = "aborted";
    controller.abort();
  };
  signal.addEventListener("abort", onAbort, { once: true });
  try {
    const running = work(controller.signal);
    const outcome = await Promise.race([
      running.then((value): Bounded<T> => ({ ok: true, value })),
      gaveUp,
    ]);
    if (outcome !== undefined) return outcome;
    running.then(onLate, () => {});
    return { ok: false, why };
  } finally {
    clearTimeout(timer);
    signal.removeEventListener("abort", onAbort);
  }
}
