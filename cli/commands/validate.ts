/** `bottle validate [FILE]`: every problem in the manifest at once, with its place. */
import type { Command } from "commander";
import type { Context, Outcome, Sink } from "../context.ts";
import { ExitCode } from "../errors.ts";
import { formatDiagnostic } from "../manifest/diagnostic.ts";
import type { ManifestSource } from "../manifest/discover_manifest.ts";
import { loadManifest } from "../manifest/load_manifest.ts";
import { DEFAULT_BOTTLE_NAME } from "../manifest/resolve_bottles.ts";
import { displayPath } from "./_display_path.ts";
import { withExample } from "./_example.ts";
import { globalsOf } from "./_globals.ts";

/** Adds `validate` to the program. */
export function addValidateCommand(program: Command, ctx: Context, sink: Sink): void {
  const command = program
    .command("validate")
    .argument("[file]", "manifest to check (default: the one bottle would use here)")
    .summary("check a claude-bottle.json and report every problem with its line and column")
    .description(
      "Checks the manifest: JSONC syntax, the schema (unknown keys, wrong types, bad names), " +
        "and meaning (egress entries, folders that must exist, host variables that must be set). " +
        "Prints each problem as FILE:LINE:COL, and exits 3 when any is an error.",
    )
    .action(async (file: string | undefined, _opts: unknown, cmd: Command) => {
      sink(await validate(ctx, file ?? globalsOf(cmd).manifest, globalsOf(cmd).json));
    });
  withExample(command, "bottle validate ./claude-bottle.json");
}

function describeSource(source: ManifestSource, cwd: string): string {
  switch (source.kind) {
    case "builtin":
      return `no claude-bottle.json found; using the built-in default (one bottle "${DEFAULT_BOTTLE_NAME}", workspace = current folder, no egress)`;
    case "user":
      return `using the user manifest ${displayPath(source.path, cwd)}`;
    default:
      return `using ${displayPath(source.path, cwd)}`;
  }
}

async function validate(ctx: Context, file: string | undefined, json: boolean): Promise<Outcome> {
  const loaded = await loadManifest({ flag: file, cwd: ctx.cwd, env: ctx.env });
  const { source, analysis } = loaded;
  const shown = source.kind === "builtin" ? "(built-in)" : displayPath(source.path, ctx.cwd);
  const errors = analysis.diagnostics.filter((d) => d.severity === "error").length;
  const warnings = analysis.diagnostics.length - errors;
  const bottles = analysis.manifest === undefined ? [] : Object.keys(analysis.manifest.bottles);

  if (!json) {
    ctx.stderr(describeSource(source, ctx.cwd) + "\n");
    for (const d of analysis.diagnostics) ctx.stdout(formatDiagnostic(shown, d) + "\n");
    if (errors === 0) {
      const list = bottles.join(", ");
      const tail = warnings === 0 ? "" : ` (${warnings} warning${warnings === 1 ? "" : "s"})`;
      ctx.stdout(
        `${shown}: valid, ${bottles.length} bottle${
          bottles.length === 1 ? "" : "s"
        }: ${list}${tail}\n`,
      );
    } else {
      ctx.stdout(
        `${shown}: ${errors} error${errors === 1 ? "" : "s"}, ${warnings} warning${
          warnings === 1 ? "" : "s"
        }\n`,
      );
    }
  }
  return {
    exitCode: errors > 0 ? ExitCode.manifest : ExitCode.ok,
    result: {
      manifest: source.kind === "builtin" ? null : source.path,
      source: source.kind,
      valid: errors === 0,
      errors,
      warnings,
      bottles,
      diagnostics: analysis.diagnostics.map((d) => ({
        file: source.kind === "builtin" ? shown : source.path,
        line: d.line,
        column: d.column,
        endLine: d.endLine,
        endColumn: d.endColumn,
        severity: d.severity,
        code: d.code,
        message: d.message,
        pointer: d.pointer,
      })),
    },
  };
}
