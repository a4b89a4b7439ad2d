/** Reads `bottle validate --json`: which manifest bottle uses here, its bottles and its problems. */
import { BottleFailure } from "./bottle_failure.ts";

/** One problem, with 1-based lines and columns as `bottle validate` prints them. */
export interface ManifestProblem {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
  readonly severity: "error" | "warning";
  readonly code: string;
  readonly message: string;
}

/** The whole report. */
export interface Validation {
  /** The manifest's path, or null for the built-in default. */
  readonly manifest: string | null;
  /** `file`, `discovered`, `user` or `builtin`: where the manifest came from. */
  readonly source: string;
  readonly valid: boolean;
  readonly errors: number;
  readonly warnings: number;
  /** The bottles (agents) the manifest defines, in its order; the first is the default. */
  readonly bottles: readonly string[];
  readonly problems: readonly ManifestProblem[];
}

function count(value: unknown): number {
  return typeof value === "number" && Number.isInteger(value) && value >= 1 ? value : 1;
}

function problemOf(entry: unknown): ManifestProblem | undefined {
  if (entry === null || typeof entry !== "object") return undefined;
  const d = entry as Record<string, unknown>;
  if (typeof d.message !== "string") return undefined;
  const line = count(d.line);
  const column = count(d.column);
  return {
    file: typeof d.file === "string" ? d.file : "",
    line,
    column,
    endLine: typeof d.endLine === "number" ? count(d.endLine) : line,
    endColumn: typeof d.endColumn === "number" ? count(d.endColumn) : column,
    // Anything not plainly a warning counts as an error: it stops `bottle start`.
    severity: d.severity === "warning" ? "warning" : "error",
    code: typeof d.code === "string" ? d.code : "",
    message: d.message,
  };
}

/** The report in a validate result; throws when the result is not one. */
export function parseValidation(
  result: Readonly<Record<string, unknown>>,
): Validation {
  if (typeof result.valid !== "boolean" || !Array.isArray(result.diagnostics)) {
    throw new BottleFailure(
      "extension.unreadable_output",
      "bottle validate printed no report",
      "is bottle.path an up-to-date bottle?",
      0,
    );
  }
  const problems = (result.diagnostics as unknown[]).map(problemOf).filter((
    p,
  ) => p !== undefined);
  const errors = problems.filter((p) => p.severity === "error").length;
  return {
    manifest: typeof result.manifest === "string" ? result.manifest : null,
    source: typeof result.source === "string" ? result.source : "unknown",
    // Valid only when bottle says so and no error is listed: either one failing is invalid.
    valid: result.valid && errors === 0,
    errors: Math.max(
      errors,
      typeof result.errors === "number" ? result.errors : 0,
    ),
    warnings: problems.length - errors,
    bottles: Array.isArray(result.bottles)
      ? (result.bottles as unknown[]).filter((b) => typeof b === "string")
      : [],
    problems,
  };
}

/** One line summing a report up (`claude-bottle.json: 2 errors, 1 warning`). */
export function validationSummary(
  validation: Validation,
  shownName: string,
): string {
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;
  if (validation.valid) {
    const list = validation.bottles.join(", ");
    const tail = validation.warnings === 0 ? "" : ` (${plural(validation.warnings, "warning")})`;
    return `${shownName} is valid: ${plural(validation.bottles.length, "bottle")}: ${list}${tail}`;
  }
  return `${shownName}: ${plural(validation.errors, "error")}, ${
    plural(validation.warnings, "warning")
  }`;
}
