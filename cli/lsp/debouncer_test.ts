import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { Debouncer } from "./debouncer.ts";

const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

Deno.test("Debouncer runs only the last task of a burst, per key", async () => {
  const ran: string[] = [];
  const debouncer = new Debouncer(20);
  debouncer.schedule("a", () => ran.push("a1"));
  debouncer.schedule("a", () => ran.push("a2"));
  debouncer.schedule("b", () => ran.push("b1"));
  strictEqual(debouncer.pending, 2);
  await pause(60);
  deepStrictEqual(ran.sort(), ["a2", "b1"]);
  strictEqual(debouncer.pending, 0);
});

Deno.test("Debouncer.cancelAll() drops every waiting task", async () => {
  const ran: string[] = [];
  const debouncer = new Debouncer(10);
  debouncer.schedule("a", () => ran.push("a"));
  debouncer.cancelAll();
  await pause(30);
  deepStrictEqual(ran, []);
});
