import { deepStrictEqual, rejects, strictEqual } from "node:assert/strict";
import { boundedWait } from "./bounded_wait.ts";

const never = () => new Promise<never>(() => {});

Deno.test("boundedWait() returns the value when the work finishes in time", async () => {
  const result = await boundedWait(1_000, new AbortController().signal, () => Promise.resolve(7));
  deepStrictEqual(result, { kind: "done", value: 7 });
});

Deno.test("boundedWait() gives up at the time limit and aborts the work's signal", async () => {
  let seen: AbortSignal | undefined;
  const result = await boundedWait(20, new AbortController().signal, (signal) => {
    seen = signal;
    return never();
  });
  deepStrictEqual(result, { kind: "timeout" });
  strictEqual(seen?.aborted, true);
});

Deno.test("boundedWait() gives up when its signal aborts, and starts nothing once aborted", async () => {
  const stop = new AbortController();
  const waiting = boundedWait(10_000, stop.signal, never);
  stop.abort();
  deepStrictEqual(await waiting, { kind: "aborted" });
  let started = false;
  const again = await boundedWait(10_000, stop.signal, () => {
    started = true;
    return Promise.resolve(1);
  });
  deepStrictEqual(again, { kind: "aborted" });
  strictEqual(started, false);
});

Deno.test("boundedWait() hands a result that comes too late to onLate", async () => {
  let finish: (value: string) => void = () => {};
  const late: string[] = [];
  const result = await boundedWait(
    10,
    new AbortController().signal,
    () => new Promise<string>((resolve) => finish = resolve),
    (value) => late.push(value),
  );
  deepStrictEqual(result, { kind: "timeout" });
  finish("conn");
  await Promise.resolve();
  await Promise.resolve();
  deepStrictEqual(late, ["conn"]);
});

Deno.test("boundedWait() passes on a rejection that comes in time", async () => {
  await rejects(
    boundedWait(1_000, new AbortController().signal, () => Promise.reject(new Error("boom"))),
    /boom/,
  );
});
