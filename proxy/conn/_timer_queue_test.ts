import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { schedule } from "./_timer_queue.ts";
import { Deadline } from "./deadline.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Counts the native timers armed and cleared while `run` runs. */
function countingTimers<T>(run: () => T): { result: T; armed: number; cleared: number } {
  const { setTimeout: realSet, clearTimeout: realClear } = globalThis;
  let armed = 0;
  let cleared = 0;
  globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => {
    armed++;
    return realSet(...args);
  }) as typeof setTimeout;
  globalThis.clearTimeout = ((id?: number) => {
    cleared++;
    realClear(id);
  }) as typeof clearTimeout;
  try {
    return { result: run(), armed, cleared };
  } finally {
    globalThis.setTimeout = realSet;
    globalThis.clearTimeout = realClear;
  }
}

Deno.test("deadlines_share_one_native_timer: a hundred deadlines arm setTimeout once, and clearing them all lets it go", () => {
  const made = countingTimers(() => Array.from({ length: 100 }, () => new Deadline(10_000)));
  strictEqual(made.armed, 1);
  const gone = countingTimers(() => {
    for (const deadline of made.result) deadline.clear();
  });
  strictEqual(gone.armed, 0);
  strictEqual(gone.cleared, 1, "no live deadline: the native timer is cleared");
});

Deno.test("the timer queue fires entries in due order, whatever order they were made in", async () => {
  const fired: number[] = [];
  for (const ms of [30, 10, 20, 10]) schedule(ms, () => fired.push(ms));
  await sleep(80);
  deepStrictEqual(fired, [10, 10, 20, 30]);
});

Deno.test("the timer queue never fires a cancelled entry, also across a compaction, and fires the rest", async () => {
  const fired: number[] = [];
  const entries = Array.from(
    { length: 300 },
    (_, i) => schedule(5 + (i % 20), () => fired.push(i)),
  );
  for (let i = 0; i < 300; i++) if (i % 4 !== 0) entries[i]!.cancel();
  entries[0]!.cancel();
  entries[0]!.cancel();
  await sleep(80);
  const expected = Array.from({ length: 300 }, (_, i) => i).filter((i) => i % 4 === 0 && i !== 0);
  deepStrictEqual([...fired].sort((a, b) => a - b), expected);
});

Deno.test("the timer queue keeps going when a callback throws (the error surfaces as uncaught)", async () => {
  const fired: string[] = [];
  const errors: unknown[] = [];
  const onError = (event: ErrorEvent) => {
    event.preventDefault();
    errors.push(event.error);
  };
  globalThis.addEventListener("error", onError);
  try {
    schedule(5, () => {
      throw new Error("boom");
    });
    schedule(5, () => fired.push("after"));
    schedule(15, () => fired.push("later"));
    await sleep(50);
  } finally {
    globalThis.removeEventListener("error", onError);
  }
  deepStrictEqual(fired, ["after", "later"]);
  strictEqual(errors.length, 1);
});
