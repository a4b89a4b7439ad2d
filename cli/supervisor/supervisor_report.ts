/**
 * The one JSON line a detached supervisor writes to its launcher on standard
 * output: ready (with its pid), or why not. Both ends use this file: the
 * supervisor formats the line (`cli/supervisor/supervise.ts`), the launcher
 * parses it (`cli/supervisor/spawn_supervisor.ts`), so the two cannot drift.
 */
import { parseJsonRecord } from "../json_record.ts";

/** The error code of a supervisor that failed without a more precise one, or stopped without a report. */
export const SUPERVISOR_FAILED = "engine.supervisor_failed";

/** What a supervisor reports on its standard output once, before going quiet. */
export type SupervisorReport =
  | { readonly ok: true; readonly name: string; readonly pid: number }
  | {
    readonly ok: false;
    readonly code: string;
    readonly exitCode: number;
    readonly message: string;
    readonly hint?: string;
  };

/** The report as its line, newline included. */
export function formatSupervisorReport(report: SupervisorReport): string {
  return JSON.stringify(report) + "\n";
}

/**
 * The report in a supervisor's first output line, or undefined if it is not
 * one. A failure without a code or exit status gets `SUPERVISOR_FAILED` and 1;
 * unknown fields and a hint that is not text are dropped.
 */
export function parseSupervisorReport(line: string): SupervisorReport | undefined {
  const r = parseJsonRecord(line);
  if (r === undefined) return undefined;
  if (r.ok === true) {
    const pidOk = typeof r.pid === "number" && Number.isSafeInteger(r.pid) && r.pid > 0;
    if (typeof r.name !== "string" || r.name === "" || !pidOk) return undefined;
    return { ok: true, name: r.name, pid: r.pid as number };
  }
  if (r.ok !== false || typeof r.message !== "string") return undefined;
  const exitOk = typeof r.exitCode === "number" && Number.isInteger(r.exitCode) &&
    r.exitCode > 0 && r.exitCode < 256;
  return {
    ok: false,
    code: typeof r.code === "string" && r.code !== "" ? r.code : SUPERVISOR_FAILED,
    exitCode: exitOk ? r.exitCode as number : 1,
    message: r.message,
    ...(typeof r.hint === "string" ? { hint: r.hint } : {}),
  };
}
