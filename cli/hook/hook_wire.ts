/**
 * What the in-bottle hook tells the supervisor after each decision, over
 * `/run/bottle/hook.sock`: one JSON line per connection, answered `ok`. The
 * supervisor writes it to the bottle's audit log and records the hook's
 * first-run hashes in the trust store. Anything in the bottle can connect to
 * that socket, so a report is untrusted input: it is validated strictly, its
 * text is capped, and it can only add audit lines and first-run records
 * (which never replace a recorded hash).
 */
import { parseJsonRecord } from "../json_record.ts";
import type { TrustRecord } from "./binary/trust_store.ts";

/** Where the supervisor listens, inside the bottle. */
export const HOOK_SOCKET_PATH = "/run/bottle/hook.sock";

/** The longest report line the supervisor reads. */
export const MAX_REPORT_BYTES = 64 * 1024;

/** The longest summary of a tool input kept in the audit log. */
export const MAX_SUMMARY_CHARS = 200;

/** The most first-run records one report may carry. */
export const MAX_TRUST_RECORDS = 64;

/** One hook decision, as reported. */
export interface HookReport {
  readonly tool: string;
  /** A short, single-line summary of the tool input (a command, a path, a URL). */
  readonly summary: string;
  readonly decision: "allow" | "deny" | "ask";
  /** The rule that fired (`path.denied`, `shell.pipe_to_interpreter`…), or `allow`. */
  readonly rule: string;
  /** Hook process start to decision. */
  readonly durationMs: number;
  /** Executables outside the image that ran for the first time. */
  readonly trust: readonly TrustRecord[];
}

const DECISIONS = new Set(["allow", "deny", "ask"]);
const TOOL = /^[A-Za-z0-9_.:-]{1,128}$/;
const RULE = /^[a-z0-9_.-]{1,64}$/;
const SHA256 = /^[0-9a-f]{64}$/;

/** Parses one report line; undefined for anything malformed or out of bounds. */
export function parseHookReport(line: string): HookReport | undefined {
  const r = parseJsonRecord(line);
  if (r === undefined) return undefined;
  if (typeof r.tool !== "string" || !TOOL.test(r.tool)) return undefined;
  if (typeof r.summary !== "string") return undefined;
  if (typeof r.decision !== "string" || !DECISIONS.has(r.decision)) return undefined;
  if (typeof r.rule !== "string" || !RULE.test(r.rule)) return undefined;
  if (typeof r.durationMs !== "number" || !(r.durationMs >= 0 && r.durationMs < 3_600_000)) {
    return undefined;
  }
  const trust = r.trust ?? [];
  if (!Array.isArray(trust) || trust.length > MAX_TRUST_RECORDS) return undefined;
  const records: TrustRecord[] = [];
  for (const item of trust) {
    const { path, sha256 } = (item ?? {}) as Record<string, unknown>;
    if (typeof path !== "string" || !path.startsWith("/") || path.length > 4096) return undefined;
    if (typeof sha256 !== "string" || !SHA256.test(sha256)) return undefined;
    records.push({ path, sha256 });
  }
  return {
    tool: r.tool,
    summary: oneLine(r.summary),
    decision: r.decision as HookReport["decision"],
    rule: r.rule,
    durationMs: Math.round(r.durationMs * 10) / 10,
    trust: records,
  };
}

/** A summary made safe for one audit line: control characters shown as `?`, capped. */
export function oneLine(text: string): string {
  // deno-lint-ignore no-control-regex -- control characters are what is replaced
  const flat = text.replace(/[\u0000-\u001f\u007f-\u009f]/g, "?");
  return flat.length <= MAX_SUMMARY_CHARS ? flat : `${flat.slice(0, MAX_SUMMARY_CHARS - 1)}…`;
}

/** The short summary of a tool input the audit log shows: the command, path, URL or pattern. */
export function summarizeToolInput(tool: string, input: unknown): string {
  const fields = (input ?? {}) as Record<string, unknown>;
  const pick = (...names: string[]) => {
    for (const name of names) {
      const value = fields[name];
      if (typeof value === "string" && value !== "") return value;
    }
    return undefined;
  };
  const main = tool === "Bash"
    ? pick("command")
    : tool === "Grep" || tool === "Glob"
    ? pick("pattern")
    : pick("file_path", "notebook_path", "url", "path", "pattern", "query");
  if (main !== undefined) {
    const extra = tool === "Grep" || tool === "Glob" ? pick("path") : undefined;
    return oneLine(extra !== undefined && extra !== main ? `${main} in ${extra}` : main);
  }
  let json: string;
  try {
    json = JSON.stringify(input) ?? "";
  } catch {
    json = "";
  }
  return oneLine(json);
}
