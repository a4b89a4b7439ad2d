import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { joinBytes } from "./join_bytes.ts";

Deno.test("joinBytes() joins pieces in order, and copies nothing for a single piece", () => {
  const a = new Uint8Array([1, 2]);
  const b = new Uint8Array([3]);
  deepStrictEqual([...joinBytes([a, b, new Uint8Array(0), a])], [1, 2, 3, 1, 2]);
  strictEqual(joinBytes([a]), a);
  strictEqual(joinBytes([new Uint8Array(0), a, new Uint8Array(0)]), a);
  strictEqual(joinBytes([]).length, 0);
});
