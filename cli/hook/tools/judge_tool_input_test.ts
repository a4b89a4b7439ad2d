import { equal, ok } from "node:assert/strict";
import { compileEgressPolicy } from "../../../proxy/policy/mod.ts";
import { renderHookPolicy } from "../hook_policy.ts";
import { createPathPolicy } from "../paths/mod.ts";
import { testFsView } from "../paths/testdata/test_fs_view.ts";
import { isGenericTool, judgeToolInput, type ToolContext } from "./judge_tool_input.ts";

const context: ToolContext = {
  cwd: "/workspace",
  paths: createPathPolicy(
    renderHookPolicy({ egress: [] }).policy,
    testFsView({
      "/workspace/src/a.ts": "file",
      "/workspace/.env": "file",
      "/workspace/.git/hooks/pre-commit.sample": "file",
      "/home/agent/.ssh/id_rsa": "file",
    }),
    { mounts: () => [{ mountPoint: "/", readOnly: false }] },
  ),
  egress: compileEgressPolicy(["api.github.com"]),
};
const rule = (tool: string, input: unknown) => {
  const verdict = judgeToolInput(tool, input, context);
  return verdict.action === "allow" ? "allow" : verdict.rule;
};

Deno.test("judgeToolInput() reads Read and NotebookRead paths as reads", () => {
  equal(rule("Read", { file_path: "/workspace/.git/hooks/pre-commit.sample" }), "allow");
  equal(rule("Read", { file_path: "/workspace/.env" }), "path.denied");
  equal(rule("NotebookRead", { notebook_path: "~/.ssh/id_rsa" }), "path.denied");
});

Deno.test("judgeToolInput() reads Write, Edit, MultiEdit and NotebookEdit paths as writes", () => {
  for (const tool of ["Write", "Edit", "MultiEdit"]) {
    equal(rule(tool, { file_path: ".git/hooks/pre-commit" }), "path.write_denied", tool);
    equal(rule(tool, { file_path: "src/b.ts" }), "allow", tool);
  }
  equal(rule("NotebookEdit", { notebook_path: ".claude/settings.json" }), "path.write_denied");
});

Deno.test("judgeToolInput() judges a Grep's folder tree with its glob", () => {
  equal(rule("Grep", { pattern: "KEY" }), "path.tree_denied");
  equal(rule("Grep", { pattern: "KEY", glob: "*.ts" }), "allow");
  equal(rule("Grep", { pattern: "KEY", path: "src" }), "allow");
  equal(rule("Grep", { pattern: "KEY", path: "~/.ssh" }), "path.denied");
});

Deno.test("judgeToolInput() judges a Glob's folder and the pattern's literal base", () => {
  equal(rule("Glob", { pattern: "**/*.ts" }), "allow");
  equal(rule("Glob", { pattern: "/home/agent/.ssh/*" }), "path.denied");
  equal(rule("Glob", { pattern: "*", path: "~/.ssh" }), "path.denied");
  equal(rule("Glob", { pattern: "../home/agent/.ssh/*" }), "path.denied");
  equal(rule("Glob", { pattern: "*/../../home/agent/.ssh/*" }), "tool.glob_climbs");
});

Deno.test("judgeToolInput() judges LS as a read of its folder", () => {
  equal(rule("LS", { path: "/workspace" }), "allow");
  equal(rule("LS", { path: "/home/agent/.ssh" }), "path.denied");
});

Deno.test("judgeToolInput() judges WebFetch against the egress allowlist", () => {
  equal(rule("WebFetch", { url: "https://api.github.com/x", prompt: "p" }), "allow");
  equal(rule("WebFetch", { url: "https://evil.example/x", prompt: "p" }), "egress.not_allowed");
});

Deno.test("judgeToolInput() sends MCP and unknown tools to the generic check", () => {
  ok(isGenericTool("mcp__fs__read"));
  ok(isGenericTool("SomeNewTool"));
  ok(!isGenericTool("Read"));
  ok(!isGenericTool("Bash"));
  equal(rule("mcp__fs__read", { path: "~/.ssh/id_rsa" }), "path.denied");
  equal(
    rule("TodoWrite", { todos: [{ content: "Fix src/a.ts soon", status: "pending" }] }),
    "allow",
  );
});

Deno.test("judgeToolInput() denies Bash as a wiring mistake", () => {
  equal(rule("Bash", { command: "ls" }), "tool.unhandled");
});

Deno.test("judgeToolInput() denies a malformed input", () => {
  equal(rule("Read", {}), "tool.bad_input");
  equal(rule("Read", { file_path: 3 }), "tool.bad_input");
  equal(rule("Read", null), "tool.bad_input");
  equal(rule("Write", []), "tool.bad_input");
  equal(rule("Grep", { pattern: "x", path: 7 }), "tool.bad_input");
  equal(rule("Glob", { path: "src" }), "tool.bad_input");
  equal(rule("WebFetch", { prompt: "p" }), "tool.bad_input");
});

Deno.test("judgeToolInput() turns a throw into a deny", () => {
  const broken: ToolContext = {
    ...context,
    paths: {
      judgePath: () => {
        throw new Error("boom");
      },
      judgeTree: () => {
        throw new Error("boom");
      },
    },
  };
  const verdict = judgeToolInput("Read", { file_path: "a" }, broken);
  equal(verdict.action, "deny");
});
