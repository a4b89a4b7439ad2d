import { equal, ok } from "node:assert/strict";
import { renderHookPolicy } from "../hook_policy.ts";
import { createPathPolicy } from "../paths/mod.ts";
import { testFsView } from "../paths/testdata/test_fs_view.ts";
import type { Verdict } from "../verdict.ts";
import { judgeGenericInput, MAX_GENERIC_STRINGS, pathLike } from "./judge_generic.ts";

const paths = createPathPolicy(
  renderHookPolicy({ egress: [] }).policy,
  testFsView({ "/workspace/src/a.ts": "file", "/home/agent/.ssh/id_rsa": "file" }),
  { mounts: () => [{ mountPoint: "/", readOnly: false }] },
);
const judge = (input: unknown): Verdict =>
  judgeGenericInput("mcp__fs__op", input, "/workspace", paths);

Deno.test("pathLike() takes absolute, ~, dotted and single-word strings as paths", () => {
  equal(pathLike("/etc/shadow"), "/etc/shadow");
  equal(pathLike("~/.ssh/id_rsa"), "~/.ssh/id_rsa");
  equal(pathLike("../x"), "../x");
  equal(pathLike("src/a.ts"), "src/a.ts");
  equal(pathLike(".env"), ".env");
  equal(pathLike("/workspace/my file.txt"), "/workspace/my file.txt");
});

Deno.test("pathLike() reads local file URLs and leaves other URLs and prose alone", () => {
  equal(pathLike("file:///home/agent/.aws/credentials"), "/home/agent/.aws/credentials");
  equal(pathLike("file://localhost/etc/my%20file"), "/etc/my file");
  equal(pathLike("file://server/share"), undefined);
  equal(pathLike("https://example.com/a"), undefined);
  equal(pathLike("Fix the bug in src/a.ts"), undefined);
  equal(pathLike("two\nlines"), undefined);
  equal(pathLike("~5 minutes"), undefined);
  equal(pathLike("~root/.ssh"), "~root/.ssh");
  equal(pathLike(""), undefined);
});

Deno.test("judgeGenericInput() denies a path argument to a denied file and says it was generic", () => {
  const verdict = judge({ path: "~/.ssh/id_rsa" });
  if (verdict.action === "allow") throw new Error("allowed");
  equal(verdict.rule, "path.denied");
  ok(verdict.reason.includes("generic check of mcp__fs__op argument path"), verdict.reason);
});

Deno.test("judgeGenericInput() finds paths nested in objects and arrays", () => {
  equal(judge({ options: { targets: ["src/a.ts", "/proc/self/environ"] } }).action, "deny");
  equal(judge(["file:///home/agent/.ssh/id_rsa"]).action, "deny");
  equal(judge("~/.aws/credentials").action, "deny");
});

Deno.test("judgeGenericInput() judges paths as writes", () => {
  equal(judge({ path: "/workspace/.git/hooks/pre-commit" }).action, "deny");
});

Deno.test("judgeGenericInput() allows ordinary arguments", () => {
  equal(
    judge({ path: "src/a.ts", count: 3, flag: true, none: null, title: "Fix it" }).action,
    "allow",
  );
});

Deno.test("judgeGenericInput() denies input it cannot check completely", () => {
  equal(judge(Array.from({ length: MAX_GENERIC_STRINGS + 1 }, (_, i) => `f${i}`)).action, "deny");
  let deep: unknown = "x";
  for (let i = 0; i < 100; i++) deep = { a: deep };
  equal(judge(deep).action, "deny");
});
