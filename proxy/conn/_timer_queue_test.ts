import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { schedule } from "./_timer_queue.ts";
import { Deadline } from "./deadline.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Counts the native timers armed, cleared, unreferenced and referenced while `run` runs. */
function countingTimers<T>(run: () => T) {
  const { setTimeout: realSet, clearTimeout: realClear } = globalThis;
  const { refTimer: realRef, unrefTimer: realUnref } = Deno;
  const counts = { armed: 0, cleared: 0, unreferenced: 0, referenced: 0 };
  globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => {
    counts.armed++;
    return realSet(...args);
  }) as typeof setTimeout;
  globalThis.clearTimeout = ((id?: number) => {
    counts.cleared++;
    realClear(id);
  }) as typeof clearTimeout;
  Deno.unrefTimer = (id) => {
    counts.unreferenced++;
    realUnref(id);
  };
  Deno.refTimer = (id) => {
    counts.referenced++;
    realRef(id);
  };
  try {
    return { result: run(), ...counts };
  } finally {
    globalThis.setTimeout = realSet;
    globalThis.clearTimeout = realClear;
    Deno.refTimer = realRef;
    Deno.unrefTimer = realUnref;
  }
}

Deno.test("deadlines_share_one_native_timer: a hundred deadlines arm setTimeout once, and the next hundred reuse it", () => {
  const made = countingTimers(() => Array.from({ length: 100 }, () => new Deadline(10_000)));
  strictEqual(made.armed, 1);
  const gone = countingTimers(() => {
    for (const deadline of made.result) deadline.clear();
  });
  deepStrictEqual([gone.armed, gone.cleared], [0, 0]);
  strictEqual(
    gone.unreferenced,
    1,
    "no live deadline: the timer no longer keeps the process alive",
  );
  const again = countingTimers(() => Array.from({ length: 100 }, () => new Deadline(10_000)));
  deepStrictEqual([again.armed, again.referenced], [0, 1], "the armed timer is reused");
  for (const deadline of again.result) deadline.clear();
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
