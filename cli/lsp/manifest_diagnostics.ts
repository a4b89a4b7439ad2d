/**
 * Editor diagnostics for a manifest buffer, from exactly the code path
 * `bottle validate` runs: the buffer is encoded as the file would be and
 * checked by `analyzeManifestBytes` with the same host view, so messages,
 * ranges, severities and the size and encoding checks all agree with the CLI.
 */
import {
  type Diagnostic as LspDiagnostic,
  DiagnosticSeverity,
  type Position,
} from "vscode-languageserver";
import { analyzeManifestBytes, type ManifestAnalysis } from "../manifest/analyze_manifest.ts";
import type { HostView } from "../manifest/check_semantics.ts";
import type { PlacedDiagnostic } from "../manifest/diagnostic.ts";

/** Where a diagnostic came from, as editors show it. */
export const DIAGNOSTIC_SOURCE = "bottle";

const encoder = new TextEncoder();

/** Checks an editor buffer as `bottle validate` would check the same text saved to disk. */
export function analyzeBuffer(text: string, host: HostView): ManifestAnalysis {
  return analyzeManifestBytes(encoder.encode(text), host);
}

/** One manifest problem as an LSP diagnostic: same message and code, the JSON pointer in `data`. */
export function toLspDiagnostic(
  d: PlacedDiagnostic,
  positionAt: (offset: number) => Position,
): LspDiagnostic {
  return {
    range: { start: positionAt(d.offset), end: positionAt(d.offset + d.length) },
    severity: d.severity === "error" ? DiagnosticSeverity.Error : DiagnosticSeverity.Warning,
    code: d.code,
    source: DIAGNOSTIC_SOURCE,
    message: d.message,
    data: { pointer: d.pointer },
  };
}

/** Every problem in the buffer, as LSP diagnostics in the order `bottle validate` prints them. */
export function bufferDiagnostics(
  text: string,
  host: HostView,
  positionAt: (offset: number) => Position,
): LspDiagnostic[] {
  return analyzeBuffer(text, host).diagnostics.map((d) => toLspDiagnostic(d, positionAt));
}
