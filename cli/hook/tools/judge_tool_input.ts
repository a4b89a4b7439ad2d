/**
 * The file tools' inputs, judged before Claude Code runs them: which field
 * names a path, whether the tool reads or writes it, and what else the call
 * can reach (a Grep's folder tree, a Glob's base folder, a WebFetch's host).
 * MCP tools and unknown tools get the generic check. Bash is not judged
 * here: the caller hands it to the shell analysis (cli/hook/shell/) first.
 */

import type { EgressPolicy } from "../../../proxy/policy/mod.ts";
import type { PathPolicy } from "../paths/mod.ts";
import { ALLOWED, denied, type PathAccess, type Verdict } from "../verdict.ts";
import { globBase } from "./glob_base.ts";
import { grepFilter } from "./grep_filter.ts";
import { judgeGenericInput } from "./judge_generic.ts";
import { judgeWebFetchUrl } from "./judge_web_fetch.ts";

/** What judging a tool call needs besides the call. */
export interface ToolContext {
  /** The tool call's working folder (the hook input's `cwd`). */
  readonly cwd: string;
  readonly paths: PathPolicy;
  readonly egress: EgressPolicy;
}

/** Tools with a rule of their own; every other tool gets the generic check. */
export const KNOWN_TOOLS: ReadonlySet<string> = new Set([
  "Read",
  "Write",
  "Edit",
  "MultiEdit",
  "NotebookEdit",
  "NotebookRead",
  "Grep",
  "Glob",
  "LS",
  "WebFetch",
]);

/** True when `toolName` gets the generic check (MCP or unknown tools): the audit says so. */
export function isGenericTool(toolName: string): boolean {
  return toolName !== "Bash" && !KNOWN_TOOLS.has(toolName);
}

/** One field that names a path, and how the tool touches it. */
const PATH_FIELDS: Readonly<Record<string, readonly [string, PathAccess]>> = {
  Read: ["file_path", "read"],
  Write: ["file_path", "write"],
  Edit: ["file_path", "write"],
  MultiEdit: ["file_path", "write"],
  NotebookEdit: ["notebook_path", "write"],
  NotebookRead: ["notebook_path", "read"],
  LS: ["path", "read"],
};

/**
 * Judges one tool call's input. Anything that throws denies; Bash is denied
 * as a wiring mistake (it must never reach this function).
 */
export function judgeToolInput(
  toolName: string,
  toolInput: unknown,
  context: ToolContext,
): Verdict {
  try {
    return judge(toolName, toolInput, context);
  } catch (error) {
    return denied(
      "tool.error",
      `the ${toolName} check failed: ${(error as Error)?.message ?? error}`,
    );
  }
}

function judge(toolName: string, toolInput: unknown, context: ToolContext): Verdict {
  const { cwd, paths, egress } = context;
  if (toolName === "Bash") {
    return denied(
      "tool.unhandled",
      "Bash commands are judged by the shell analysis, not the file tool check",
    );
  }
  if (isGenericTool(toolName)) return judgeGenericInput(toolName, toolInput, cwd, paths);
  if (toolInput === null || typeof toolInput !== "object" || Array.isArray(toolInput)) {
    return denied("tool.bad_input", `${toolName}: the input is not an object`);
  }
  const input = toolInput as Record<string, unknown>;
  const field = PATH_FIELDS[toolName];
  if (field !== undefined) {
    const [name, access] = field;
    const path = requiredString(input, name);
    if (typeof path !== "string") return badInput(toolName, name);
    return paths.judgePath(path, access, cwd);
  }
  switch (toolName) {
    case "Grep": {
      const path = optionalString(input, "path");
      if (path === null) return badInput(toolName, "path");
      return paths.judgeTree(path ?? cwd, cwd, grepFilter(input.glob, input.type));
    }
    case "Glob": {
      const pattern = requiredString(input, "pattern");
      const path = optionalString(input, "path");
      if (typeof pattern !== "string") return badInput(toolName, "pattern");
      if (path === null) return badInput(toolName, "path");
      const folder = path ?? cwd;
      const inFolder = paths.judgePath(folder, "read", cwd);
      if (inFolder.action !== "allow") return inFolder;
      const { base, climbs } = globBase(pattern);
      if (climbs) {
        return denied(
          "tool.glob_climbs",
          `Glob: "${pattern}" climbs with ".." after a wildcard; write the folder out`,
        );
      }
      if (base === "") return ALLOWED;
      const absolute = base.startsWith("/") || base.startsWith("~") ? base : `${folder}/${base}`;
      return paths.judgePath(absolute, "read", cwd);
    }
    case "WebFetch": {
      const url = requiredString(input, "url");
      if (typeof url !== "string") return badInput(toolName, "url");
      return judgeWebFetchUrl(url, egress);
    }
  }
  // Unreachable: every known tool has a case above.
  return denied("tool.unhandled", `${toolName} has no rule`);
}

function requiredString(input: Record<string, unknown>, name: string): string | undefined {
  const value = input[name];
  return typeof value === "string" && value !== "" ? value : undefined;
}

/** undefined when absent, null when present but not a non-empty string. */
function optionalString(input: Record<string, unknown>, name: string): string | undefined | null {
  const value = input[name];
  if (value === undefined) return undefined;
  return typeof value === "string" && value !== "" ? value : null;
}

function badInput(toolName: string, field: string): Verdict {
  return denied("tool.bad_input", `${toolName}: "${field}" must be a non-empty string`);
}
