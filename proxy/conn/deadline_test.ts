import { strictEqual } from "node:assert/strict";
import { Deadline, EXPIRED } from "./deadline.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const never = () => new Promise<never>(() => {});

Deno.test("Deadline.race() answers the wait when it finishes first", async () => {
  const deadline = new Deadline(1_000);
  try {
    strictEqual(await deadline.race(Promise.resolve(7)), 7);
    strictEqual(deadline.expired, undefined);
  } finally {
    deadline.clear();
  }
});

Deno.test("Deadline.race() answers EXPIRED when the time passes first, and onExpire runs once", async () => {
  let fired = 0;
  const deadline = new Deadline(20, { onExpire: () => fired++ });
  strictEqual(await deadline.race(never()), EXPIRED);
  strictEqual(deadline.expired, "timeout");
  strictEqual(deadline.signal.aborted, true);
  strictEqual(
    await deadline.race(Promise.resolve(1)),
    EXPIRED,
    "an ended deadline ends every race",
  );
  deadline.clear();
  strictEqual(fired, 1);
});

Deno.test("Deadline.touch() pushes the deadline back without re-arming on every touch", async () => {
  let fired = false;
  const deadline = new Deadline(60, { onExpire: () => fired = true });
  for (let i = 0; i < 6; i++) {
    await sleep(20);
    deadline.touch();
  }
  strictEqual(fired, false, "touched every 20 ms, a 60 ms deadline never passes");
  await sleep(120);
  strictEqual(fired, true);
  deadline.clear();
});

Deno.test("Deadline.reset() sets a new span, and runs a passed deadline again", async () => {
  let fired = 0;
  const deadline = new Deadline(10, { onExpire: () => fired++ });
  await sleep(40);
  strictEqual(fired, 1);
  deadline.reset(10);
  strictEqual(deadline.expired, undefined);
  strictEqual(await deadline.race(never()), EXPIRED);
  strictEqual(fired, 2);
  deadline.clear();
});

Deno.test("Deadline ends as aborted when its parent signal aborts, and stays ended", async () => {
  const parent = new AbortController();
  const deadline = new Deadline(10_000, { signal: parent.signal });
  const racing = deadline.race(never());
  parent.abort();
  strictEqual(await racing, EXPIRED);
  strictEqual(deadline.expired, "aborted");
  deadline.reset(10_000);
  strictEqual(deadline.expired, "aborted");
  deadline.clear();
});

Deno.test("Deadline.clear() stops it: no onExpire afterwards", async () => {
  let fired = false;
  const deadline = new Deadline(10, { onExpire: () => fired = true });
  deadline.clear();
  await sleep(40);
  strictEqual(fired, false);
  strictEqual(deadline.expired, undefined);
});

Deno.test("Deadline with a cap passes at the cap however often it is touched, and says so", async () => {
  let fired = 0;
  const started = performance.now();
  const deadline: Deadline = new Deadline(40, {
    cap: performance.now() + 60,
    onExpire: () => fired++,
  });
  strictEqual(deadline.passedCap, false);
  for (let i = 0; i < 8 && fired === 0; i++) {
    await sleep(15);
    deadline.touch();
  }
  strictEqual(fired, 1, "touched every 15 ms, a 40 ms deadline capped at 60 ms still passes");
  strictEqual(deadline.passedCap, true);
  strictEqual(performance.now() - started < 140, true);
  deadline.clear();
});

Deno.test("deadlines_set_and_cleared_one_after_another_share_one_timer", () => {
  const kept = new Deadline(60_000);
  const real = globalThis.setTimeout;
  let armed = 0;
  globalThis.setTimeout = ((...args: Parameters<typeof setTimeout>) => {
    armed++;
    return real(...args);
  }) as typeof setTimeout;
  try {
    // What a proxy does per request: several short-lived deadlines, none of them sooner.
    for (let i = 0; i < 100; i++) new Deadline(60_000 + i).clear();
    strictEqual(armed, 0, "a deadline later than the armed timer armed another");
  } finally {
    globalThis.setTimeout = real;
    kept.clear();
  }
});

Deno.test("a_deadline_still_ends_when_the_timer_was_armed_for_a_cleared_one", async () => {
  const order: string[] = [];
  // The shared timer is armed for `early`, which is cleared; `late` and `later` are due after it.
  const early = new Deadline(5);
  const later = new Deadline(40, { onExpire: () => order.push("later") });
  const late = new Deadline(30, { onExpire: () => order.push("late") });
  early.clear();
  strictEqual(await later.race(never()), EXPIRED);
  strictEqual(late.expired, "timeout");
  strictEqual(order.join(" "), "late later");
  late.clear();
  later.clear();
});
