/**
 * Deno's first ECDSA P-256 key in a process costs about 30 ms of CPU (later
 * ones well under a millisecond), and a bottle that intercepts makes its CA's
 * key before `docker run`. Making one throwaway key while the process would
 * wait anyway — the detached supervisor for its input, the foreground
 * launcher for the engine's answers — takes that cost off the start's path.
 */

/** Makes and drops one P-256 key, on a worker thread; never throws. */
export function warmKeyMaking(): void {
  crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, false, ["sign"]).catch(
    () => {},
  );
}
