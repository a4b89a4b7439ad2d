/**
 * Applies the invisible-Unicode check to a whole tool input: every string
 * that addresses something (paths, patterns, URLs, commands, every argument
 * of an MCP or unknown tool) — but not the prose and file content a tool
 * carries, where emoji sequences and foreign scripts are ordinary text.
 */

import { ALLOWED, denied, type Verdict } from "../verdict.ts";
import { judgeInvisible } from "./judge_invisible.ts";

/** Fields that hold file content or prose, per tool; `*` stands for any array index. */
const CONTENT_FIELDS: Readonly<Record<string, readonly string[]>> = {
  Write: ["content"],
  Edit: ["old_string", "new_string"],
  MultiEdit: ["edits.*.old_string", "edits.*.new_string"],
  NotebookEdit: ["new_source"],
  WebFetch: ["prompt"],
  Bash: ["description"],
  Task: ["description", "prompt"],
  TodoWrite: ["todos.*.content", "todos.*.activeForm"],
};

const MAX_DEPTH = 64;

/**
 * Denies a tool input in which any addressing string holds invisible code
 * points; the reason names the field (`edits.0.file_path`) and the code
 * points. Input nested deeper than 64 levels is denied (fail closed).
 */
export function judgeInvisibleInInput(toolName: string, toolInput: unknown): Verdict {
  const skip = new Set(CONTENT_FIELDS[toolName] ?? []);
  const walk = (value: unknown, path: readonly string[]): Verdict => {
    if (path.length > MAX_DEPTH) {
      return denied("tool.bad_input", `${toolName} input is nested too deeply to check`);
    }
    if (typeof value === "string") {
      const key = path.map((p) => (/^\d+$/.test(p) ? "*" : p)).join(".");
      if (skip.has(key)) return ALLOWED;
      const field = path.length === 0 ? `${toolName} input` : path.join(".");
      return judgeInvisible(value, field);
    }
    if (value === null || typeof value !== "object") return ALLOWED;
    const entries = Array.isArray(value)
      ? value.map((item, i) => [String(i), item] as const)
      : Object.entries(value);
    for (const [key, item] of entries) {
      // A key can hide characters too: an MCP server may read keys as names.
      const keyVerdict = judgeInvisible(key, `the key ${[...path, key].join(".")}`);
      if (keyVerdict.action !== "allow") return keyVerdict;
      const verdict = walk(item, [...path, key]);
      if (verdict.action !== "allow") return verdict;
    }
    return ALLOWED;
  };
  return walk(toolInput, []);
}
