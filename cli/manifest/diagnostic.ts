/**
 * Problems found in a manifest, as plain values. The same list feeds
 * `bottle validate` and the language server, so both always agree.
 */

/** How bad a problem is: errors stop `bottle start`, warnings do not. */
export type Severity = "error" | "warning";

/** One problem at one place in the manifest text. */
export interface Diagnostic {
  readonly severity: Severity;
  /** Stable identifier of the rule, e.g. `unknown-key`. */
  readonly code: string;
  /** One line, in plain words, with a suggestion where there is one. */
  readonly message: string;
  /** JSON pointer of the value concerned (`/bottles/dev/egress`). */
  readonly pointer: string;
  /** Start of the range, as a UTF-16 offset into the text. */
  readonly offset: number;
  /** Length of the range in UTF-16 code units (0 for a point). */
  readonly length: number;
}

/** A diagnostic with its range turned into 1-based lines and columns. */
export interface PlacedDiagnostic extends Diagnostic {
  readonly line: number;
  readonly column: number;
  readonly endLine: number;
  readonly endColumn: number;
}

/** Maps UTF-16 offsets to 1-based line and column numbers. */
export class LineIndex {
  readonly #starts: number[] = [0];

  constructor(text: string) {
    for (let i = 0; i < text.length; i++) {
      if (text.charCodeAt(i) === 10) this.#starts.push(i + 1);
    }
  }

  /** 1-based line and column of `offset`. */
  position(offset: number): { line: number; column: number } {
    let low = 0;
    let high = this.#starts.length - 1;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if ((this.#starts[mid] ?? 0) <= offset) low = mid;
      else high = mid - 1;
    }
    return { line: low + 1, column: offset - (this.#starts[low] ?? 0) + 1 };
  }
}

/** Adds line and column numbers to each diagnostic and sorts them by place. */
export function placeDiagnostics(
  text: string,
  diagnostics: readonly Diagnostic[],
): PlacedDiagnostic[] {
  const index = new LineIndex(text);
  return diagnostics
    .map((d) => {
      const start = index.position(d.offset);
      const end = index.position(d.offset + d.length);
      return { ...d, ...start, endLine: end.line, endColumn: end.column };
    })
    .sort((a, b) => a.offset - b.offset || a.code.localeCompare(b.code));
}

/** `FILE:LINE:COL: severity: message`, the form editors and terminals link. */
export function formatDiagnostic(file: string, d: PlacedDiagnostic): string {
  return `${file}:${d.line}:${d.column}: ${d.severity}: ${d.message}`;
}

/** Builds a diagnostic; a small helper so rule code stays readable. */
export function diagnostic(
  severity: Severity,
  code: string,
  message: string,
  at: { readonly pointer: string; readonly offset: number; readonly length: number },
): Diagnostic {
  return { severity, code, message, pointer: at.pointer, offset: at.offset, length: at.length };
}
