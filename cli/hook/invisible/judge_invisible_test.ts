import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { ALLOWED } from "../verdict.ts";
import { judgeInvisible } from "./judge_invisible.ts";

Deno.test("judgeInvisible() denies with unicode.invisible and names the code point", () => {
  const verdict = judgeInvisible("src/\u200Bx.ts", "file_path");
  if (verdict.action !== "deny") throw new Error("not denied");
  equal(verdict.rule, "unicode.invisible");
  ok(verdict.reason.includes("file_path"), verdict.reason);
  ok(verdict.reason.includes("U+200B ZERO WIDTH SPACE at 4"), verdict.reason);
});

Deno.test("judgeInvisible() allows clean text", () => {
  deepStrictEqual(judgeInvisible("ls -la /workspace", "the command"), ALLOWED);
});

Deno.test("judgeInvisible() names five code points then counts the rest", () => {
  const verdict = judgeInvisible("\u200B".repeat(8), "the command");
  if (verdict.action === "allow") throw new Error("allowed");
  ok(verdict.reason.includes("and 3 more"), verdict.reason);
});
