import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { MAX_SUMMARY_CHARS, parseHookReport, summarizeToolInput } from "./hook_wire.ts";

const GOOD = {
  tool: "Bash",
  summary: "cat .env",
  decision: "deny",
  rule: "path.denied",
  durationMs: 41.23,
  trust: [{ path: "/workspace/build.sh", sha256: "a".repeat(64) }],
};

Deno.test("parseHookReport() reads a well-formed report", () => {
  deepStrictEqual(parseHookReport(JSON.stringify(GOOD)), { ...GOOD, durationMs: 41.2 });
});

Deno.test("parseHookReport() refuses anything a forged report could abuse", () => {
  const bad: Array<[string, unknown]> = [
    ["not json", "{"],
    ["array", []],
    ["unknown decision", { ...GOOD, decision: "allow-all" }],
    ["rule with spaces", { ...GOOD, rule: "path denied" }],
    ["tool with newline", { ...GOOD, tool: "Bash\nX" }],
    ["negative duration", { ...GOOD, durationMs: -1 }],
    ["relative trust path", { ...GOOD, trust: [{ path: "build.sh", sha256: "a".repeat(64) }] }],
    ["short hash", { ...GOOD, trust: [{ path: "/w/x", sha256: "abc" }] }],
    ["too many records", {
      ...GOOD,
      trust: Array.from({ length: 65 }, (_, i) => ({ path: `/w/${i}`, sha256: "a".repeat(64) })),
    }],
  ];
  for (const [what, value] of bad) {
    const line = typeof value === "string" ? value : JSON.stringify(value);
    strictEqual(parseHookReport(line), undefined, what);
  }
});

Deno.test("parseHookReport() flattens control characters and caps the summary", () => {
  const report = parseHookReport(
    JSON.stringify({ ...GOOD, summary: "a\nb\u001b[31m" + "x".repeat(500) }),
  );
  ok(report !== undefined);
  ok(!report.summary.includes("\n") && !report.summary.includes("\u001b"));
  strictEqual(report.summary.length, MAX_SUMMARY_CHARS);
});

Deno.test("summarizeToolInput() shows the part of each tool's input that matters", () => {
  strictEqual(summarizeToolInput("Bash", { command: "ls -la", description: "x" }), "ls -la");
  strictEqual(summarizeToolInput("Read", { file_path: "/workspace/a.ts" }), "/workspace/a.ts");
  strictEqual(summarizeToolInput("Grep", { pattern: "TODO", path: "src" }), "TODO in src");
  strictEqual(
    summarizeToolInput("WebFetch", { url: "https://x.dev", prompt: "p" }),
    "https://x.dev",
  );
  strictEqual(summarizeToolInput("mcp__db__query", { sql: "select 1" }), '{"sql":"select 1"}');
});
