/**
 * The generic check for MCP tools and tools the hook does not know: every
 * string argument that looks like a path, however deeply nested, is judged
 * as a write (the strictest access: the hook cannot know what the tool does
 * with it), and a deny says it came from the generic check.
 */

import type { PathPolicy } from "../paths/mod.ts";
import { ALLOWED, denied, type Verdict } from "../verdict.ts";

/** Most strings one generic check judges; a larger input is denied rather than half-checked. */
export const MAX_GENERIC_STRINGS = 1000;
const MAX_DEPTH = 64;

/**
 * The path a string stands for, or undefined when it does not look like one:
 * absolute, `~`, `~user/…`, `./`, `../`, `.`/`..`, a `file://` URL, or a
 * single word without spaces (`src/x.ts`, `.env`, `id_rsa`). Other URLs
 * (`https://…`) and prose with spaces are not paths.
 */
export function pathLike(text: string): string | undefined {
  if (text === "" || text.length > 4096 || /[\n\r]/.test(text)) return undefined;
  if (/^file:\/\//i.test(text)) return fileUrlPath(text);
  if (text.startsWith("/") || text === "." || text === "..") return text;
  // `~`, `~/…` and `~user/…`; prose such as "~5 minutes" is not a path.
  if (/^~(?:[a-z_][a-z0-9_-]*)?(?:\/|$)/.test(text)) return text;
  if (text.startsWith("./") || text.startsWith("../")) return text;
  if (/^[a-zA-Z][a-zA-Z0-9+.-]*:/.test(text)) return undefined;
  return /\s/.test(text) ? undefined : text;
}

/** Judges every path-like string in `input` (strings only; keys are names, not paths). */
export function judgeGenericInput(
  toolName: string,
  input: unknown,
  cwd: string,
  paths: PathPolicy,
): Verdict {
  let judged = 0;
  const walk = (value: unknown, at: readonly string[]): Verdict => {
    if (at.length > MAX_DEPTH) {
      return denied("tool.bad_input", `${toolName}: the input is nested too deeply to check`);
    }
    if (typeof value === "string") {
      const path = pathLike(value);
      if (path === undefined) return ALLOWED;
      if (++judged > MAX_GENERIC_STRINGS) {
        return denied(
          "tool.bad_input",
          `${toolName}: the input holds more than ${MAX_GENERIC_STRINGS} path-like strings to check`,
        );
      }
      const verdict = paths.judgePath(path, "write", cwd);
      if (verdict.action === "allow") return verdict;
      const field = at.length === 0 ? "its input" : `argument ${at.join(".")}`;
      return { ...verdict, reason: `${verdict.reason} (generic check of ${toolName} ${field})` };
    }
    if (value === null || typeof value !== "object") return ALLOWED;
    const entries = Array.isArray(value)
      ? value.map((v, i) => [String(i), v] as const)
      : Object.entries(value);
    for (const [key, item] of entries) {
      const verdict = walk(item, [...at, key]);
      if (verdict.action !== "allow") return verdict;
    }
    return ALLOWED;
  };
  return walk(input, []);
}

/** `file:///a%20b` → `/a b`; a URL naming another host is not a local path (undefined). */
function fileUrlPath(url: string): string | undefined {
  const match = /^file:\/\/([^/]*)(\/.*)?$/i.exec(url);
  if (match === null) return undefined;
  const host = match[1]!;
  const path = match[2] ?? "/";
  if (host !== "" && host.toLowerCase() !== "localhost") return undefined;
  try {
    return decodeURIComponent(path);
  } catch {
    return path;
  }
}
