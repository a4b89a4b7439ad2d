import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { ALLOWED } from "../verdict.ts";
import { judgeInvisibleInInput } from "./judge_invisible_input.ts";

Deno.test("judgeInvisibleInInput() checks paths and nested MCP arguments", () => {
  const read = judgeInvisibleInInput("Read", { file_path: "/workspace/\u202Etxt.exe" });
  equal(read.action, "deny");
  const mcp = judgeInvisibleInInput("mcp__fs__read", { args: [{ path: "a\u{E0041}" }] });
  if (mcp.action === "allow") throw new Error("allowed");
  ok(mcp.reason.includes("args.0.path"), mcp.reason);
  const key = judgeInvisibleInInput("mcp__fs__read", { ["pa\u200Bth"]: "x" });
  equal(key.action, "deny");
});

Deno.test("judgeInvisibleInInput() leaves file content and prose alone", () => {
  deepStrictEqual(
    judgeInvisibleInInput("Write", { file_path: "/workspace/a.md", content: "x\u200By" }),
    ALLOWED,
  );
  deepStrictEqual(
    judgeInvisibleInInput("MultiEdit", {
      file_path: "/workspace/a.md",
      edits: [{ old_string: "a\u200Db", new_string: "\u00AD" }],
    }),
    ALLOWED,
  );
  equal(
    judgeInvisibleInInput("MultiEdit", { file_path: "/workspace/a\u00AD.md", edits: [] }).action,
    "deny",
  );
  equal(
    judgeInvisibleInInput("Bash", { command: "cat a\u200Bb", description: "x" }).action,
    "deny",
  );
  deepStrictEqual(judgeInvisibleInInput("Bash", { command: "ls", description: "\u200B" }), ALLOWED);
});

Deno.test("judgeInvisibleInInput() denies input nested too deeply to check", () => {
  let value: unknown = "x";
  for (let i = 0; i < 100; i++) value = [value];
  equal(judgeInvisibleInInput("mcp__x__y", value).action, "deny");
});
