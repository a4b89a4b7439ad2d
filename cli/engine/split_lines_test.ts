import { deepStrictEqual } from "node:assert/strict";
import { splitLines } from "./split_lines.ts";

Deno.test("splitLines() keeps the unfinished tail for the next chunk", () => {
  deepStrictEqual(splitLines("a\nb\nc"), { lines: ["a", "b"], rest: "c" });
  deepStrictEqual(splitLines("a\n"), { lines: ["a"], rest: "" });
  deepStrictEqual(splitLines(""), { lines: [], rest: "" });
});

Deno.test("splitLines() accepts \\r\\n and lone \\r as breaks", () => {
  deepStrictEqual(splitLines("a\r\nb\rc\n"), { lines: ["a", "b", "c"], rest: "" });
});

Deno.test("splitLines() does not split a \\r\\n pair cut between two chunks", () => {
  const first = splitLines("a\r");
  deepStrictEqual(first, { lines: [], rest: "a\r" });
  deepStrictEqual(splitLines(first.rest + "\nb"), { lines: ["a"], rest: "b" });
});
