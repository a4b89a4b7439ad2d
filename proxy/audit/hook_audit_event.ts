/**
 * One decision of the in-bottle policy hook, as written to the bottle's audit
 * log beside the proxies' events. The hook reports it over the supervisor's
 * hook socket; the supervisor stamps time and bottle and removes credentials
 * from the summary before it is written.
 */

/** A policy-hook decision in audit.jsonl. */
export interface HookAuditEvent {
  /** ISO 8601 time the supervisor received the report. */
  readonly time: string;
  readonly bottle: string;
  readonly channel: "hook";
  /** Claude Code's tool name (`Bash`, `Read`, `mcp__server__tool`…). */
  readonly tool: string;
  /** A short summary of the tool input (command, path, URL), credentials redacted. */
  readonly summary: string;
  readonly decision: "allow" | "deny" | "ask";
  /** The rule that fired (`path.denied`, `shell.inline_code`…), or `allow`. */
  readonly reason: string;
  /** Hook process start to decision, as the hook measured it. */
  readonly durationMs: number;
  /** Executables outside the image the call ran for the first time (recorded for trust on first use). */
  readonly firstRuns?: readonly string[];
}
