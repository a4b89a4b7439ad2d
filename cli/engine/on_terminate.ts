/**
 * The signal edge for bottles: SIGINT, SIGTERM and SIGHUP (a closed terminal)
 * all mean "tear this bottle down", so nothing is left running behind.
 */

const SIGNALS: readonly Deno.Signal[] = ["SIGINT", "SIGTERM", "SIGHUP"];

/** Calls `handler` on the first terminating signal; returns a function that stops listening. */
export function onTerminate(handler: () => void): () => void {
  let fired = false;
  const listener = () => {
    if (fired) return;
    fired = true;
    handler();
  };
  for (const signal of SIGNALS) Deno.addSignalListener(signal, listener);
  return () => {
    for (const signal of SIGNALS) {
      try {
        Deno.removeSignalListener(signal, listener);
      } catch {
        // Already removed.
      }
    }
  };
}
