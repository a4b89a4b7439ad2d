/**
 * The signal edge: lets long operations (image builds) stop cleanly on Ctrl-C
 * or SIGTERM, so their cleanup — temporary folders, half-built images — runs
 * before the process ends instead of being skipped by the default handler.
 */
import { EngineError } from "../errors.ts";

const SIGNALS: readonly Deno.Signal[] = Deno.build.os === "windows"
  ? ["SIGINT", "SIGBREAK"]
  : ["SIGINT", "SIGTERM"];

/**
 * Runs `work` with a signal that aborts on the first SIGINT/SIGTERM; if it
 * was interrupted, throws an `EngineError` after `work` (and its `finally`
 * blocks) finished. A second signal is left to the default handler.
 */
export async function withInterrupt<T>(work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const controller = new AbortController();
  const onSignal = () => {
    controller.abort();
    removeAll();
  };
  const removeAll = () => {
    for (const name of SIGNALS) {
      try {
        Deno.removeSignalListener(name, onSignal);
      } catch {
        // Already removed.
      }
    }
  };
  for (const name of SIGNALS) Deno.addSignalListener(name, onSignal);
  try {
    const result = await work(controller.signal);
    if (controller.signal.aborted) throw interrupted();
    return result;
  } catch (error) {
    if (controller.signal.aborted) throw interrupted(error);
    throw error;
  } finally {
    removeAll();
  }
}

function interrupted(cause?: unknown): EngineError {
  return new EngineError("interrupted", "interrupted before it finished", {
    hint: "run the command again to start over",
    ...(cause === undefined ? {} : { cause }),
  });
}
