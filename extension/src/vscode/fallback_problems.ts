/**
 * Manifest problems without a language server: when the bottle in use has no
 * `bottle lsp`, `bottle validate FILE --json` runs on open and save and its
 * problems go to the Problems panel, at the same places the CLI reports.
 */
import * as vscode from "vscode";
import type { ManifestProblem, Validation } from "../cli/parse_validation.ts";

/** A problem as a VS Code diagnostic (bottle's lines and columns are 1-based). */
export function toDiagnostic(problem: ManifestProblem): vscode.Diagnostic {
  const start = new vscode.Position(problem.line - 1, problem.column - 1);
  const end = new vscode.Position(problem.endLine - 1, problem.endColumn - 1);
  const range = end.isAfter(start)
    ? new vscode.Range(start, end)
    : new vscode.Range(start, start.translate(0, 1));
  const diagnostic = new vscode.Diagnostic(
    range,
    problem.message,
    problem.severity === "warning"
      ? vscode.DiagnosticSeverity.Warning
      : vscode.DiagnosticSeverity.Error,
  );
  diagnostic.source = "bottle";
  if (problem.code !== "") diagnostic.code = problem.code;
  return diagnostic;
}

/** Publishes `validation`'s problems for its manifest (and clears a valid one). */
export function publishProblems(
  collection: vscode.DiagnosticCollection,
  uri: vscode.Uri,
  validation: Validation,
): void {
  collection.set(uri, validation.problems.map(toDiagnostic));
}
