/**
 * Reads what `bottle … --json` printed. bottle ends its standard output with
 * one JSON line: the result, or `{"ok":false,"error":{code,message,hint}}`.
 * Anything the extension cannot read is a failure, never a silent success.
 */
import { BottleFailure } from "./bottle_failure.ts";

/** What one `bottle` process printed and how it ended. */
export interface CliRun {
  readonly exitCode: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** A result line's fields (without `ok`), with the process's exit status. */
export interface CliResult {
  readonly exitCode: number;
  readonly result: Readonly<Record<string, unknown>>;
}

/** The last non-empty line of `text`, or "" when there is none. */
export function lastLine(text: string): string {
  const lines = text.split("\n").map((line) => line.trim()).filter((line) => line !== "");
  return lines.at(-1) ?? "";
}

/** Parses `line` as a JSON object, or returns undefined. */
export function jsonObject(line: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(line);
    if (value === null || typeof value !== "object" || Array.isArray(value)) {
      return undefined;
    }
    return value as Record<string, unknown>;
  } catch {
    return undefined;
  }
}

/** bottle's error object (`{"ok":false,"error":{…}}`) in `line`, if that is what it is. */
export function errorOf(
  line: string,
  exitCode: number,
): BottleFailure | undefined {
  const object = jsonObject(line);
  const error = object?.error;
  if (object?.ok !== false || error === null || typeof error !== "object") {
    return undefined;
  }
  const { code, message, hint } = error as Record<string, unknown>;
  return new BottleFailure(
    typeof code === "string" ? code : "unknown",
    typeof message === "string" ? message : "bottle failed without a message",
    typeof hint === "string" ? hint : undefined,
    exitCode,
  );
}

/**
 * The failure a run without a readable result line stands for: bottle's own
 * `bottle: …` / `hint: …` lines from standard error when there are some.
 */
export function failureFromStderr(run: CliRun, what: string): BottleFailure {
  const lines = run.stderr.split("\n");
  const message = lines.findLast((line) => line.startsWith("bottle: "))?.slice(
    "bottle: ".length,
  );
  const hint = lines.findLast((line) => line.startsWith("hint: "))?.slice(
    "hint: ".length,
  );
  return new BottleFailure(
    "extension.unreadable_output",
    message ??
      `${what} exited with status ${run.exitCode} and printed no result`,
    hint,
    run.exitCode,
  );
}

/**
 * The result of a `--json` run. Throws bottle's error when it printed one,
 * and a failure when the last line is not a JSON object.
 */
export function parseCliResult(run: CliRun, what: string): CliResult {
  const line = lastLine(run.stdout);
  const failure = errorOf(line, run.exitCode);
  if (failure !== undefined) throw failure;
  const object = jsonObject(line);
  if (object === undefined) throw failureFromStderr(run, what);
  const { ok: _ok, ...result } = object;
  return { exitCode: run.exitCode, result };
}
