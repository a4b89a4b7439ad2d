/**
 * A value built the first time it is asked for, then shared: how a supervisor
 * defers loading a proxy's code (DLP detectors, canary tables, the Unicode
 * sanitiser) until the bottle first connects. Every caller before and after
 * the build gets the same promise, so a first request waits for the build and
 * a failed build fails every request alike (none is served without it).
 */

/** The deferred value: `get` builds it once; `built` is its promise once asked for. */
export interface OnFirstUse<T> {
  /** Starts the build on the first call; every call resolves (or rejects) with its result. */
  readonly get: () => Promise<T>;
  /** The build's promise, or undefined while nobody has asked. */
  readonly built: () => Promise<T> | undefined;
}

/** Wraps `build` so it runs at most once, when first asked for. */
export function onFirstUse<T>(build: () => Promise<T>): OnFirstUse<T> {
  let promise: Promise<T> | undefined;
  return {
    get: () => {
      if (promise === undefined) {
        promise = build();
        promise.catch(() => {}); // Seen by the callers of `get`, not unhandled.
      }
      return promise;
    },
    built: () => promise,
  };
}
