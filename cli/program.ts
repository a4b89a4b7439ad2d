/**
 * The command tree. `runCli` parses argv with commander, runs one command and
 * turns its outcome or error into output and an exit status; it never exits
 * the process itself, so every command is testable in-process.
 */
import { Command, CommanderError } from "commander";
import type { Context, Outcome, Sink } from "./context.ts";

export type { Sink } from "./context.ts";
import { BottleError, ExitCode, UsageError } from "./errors.ts";
import { VERSION } from "./version.ts";
import { addValidateCommand } from "./commands/validate.ts";
import { addSchemaCommand } from "./commands/schema.ts";
import { addInitCommand } from "./commands/init.ts";
import { addImageCommand } from "./commands/image.ts";
import { addStartCommand } from "./commands/start.ts";
import { addSuperviseCommand } from "./commands/supervise.ts";
import { addAttachCommand } from "./commands/attach.ts";
import { addAuditCommand } from "./commands/audit.ts";
import { addExecCommand } from "./commands/exec.ts";
import { addGcCommand } from "./commands/gc.ts";
import { addLogsCommand } from "./commands/logs.ts";
import { addLspCommand } from "./commands/lsp.ts";
import { addLsCommand } from "./commands/ls.ts";
import { addStopCommand } from "./commands/stop.ts";
import { examplesOf } from "./commands/_example.ts";
import { formatError } from "./format_error.ts";

/** Builds the full command tree, wired to `ctx` for output. */
export function buildProgram(ctx: Context, sink: Sink): Command {
  const program = new Command("bottle")
    .description(
      "Run AI coding agents in disposable, sealed containers that get only what claude-bottle.json grants.",
    )
    .version(VERSION, "-V, --version", "print bottle's version")
    .helpOption("-h, --help", "show help for a command")
    .option("--json", "print one machine-readable JSON line as the result", false)
    .option("--debug", "show stack traces for internal errors", false)
    .option(
      "-m, --manifest <file>",
      "use this manifest instead of searching for claude-bottle.json",
    )
    .showSuggestionAfterError(true)
    .exitOverride()
    .configureOutput({
      writeOut: (text) => ctx.stdout(text),
      writeErr: (text) => ctx.stderr(text),
      outputError: () => {}, // runCli formats usage errors itself
    });

  addValidateCommand(program, ctx, sink);
  addSchemaCommand(program, ctx, sink);
  addInitCommand(program, ctx, sink);
  addImageCommand(program, ctx, sink);
  addStartCommand(program, ctx, sink);
  addAttachCommand(program, ctx, sink);
  addExecCommand(program, ctx, sink);
  addLsCommand(program, ctx, sink);
  addStopCommand(program, ctx, sink);
  addLogsCommand(program, ctx, sink);
  addAuditCommand(program, ctx, sink);
  addGcCommand(program, ctx, sink);
  addLspCommand(program, ctx, sink);
  addSuperviseCommand(program, ctx, sink);

  program.addHelpText("after", () => {
    const lines = examplesOf(program).map(([, example]) => `  ${example}`);
    return `\nExamples:\n${
      lines.join("\n")
    }\n\nExit status: 0 ok, 1 internal error, 2 usage, 3 manifest, 4 engine, 5 denied by policy.\n`;
  });
  for (const command of program.commands) {
    command.exitOverride().configureOutput({
      writeOut: (text) => ctx.stdout(text),
      writeErr: (text) => ctx.stderr(text),
      outputError: () => {},
    });
  }
  return program;
}

/** Parses `argv` (without the program name), runs the command, returns the exit status. */
export async function runCli(argv: readonly string[], ctx: Context): Promise<number> {
  let outcome: Outcome | undefined;
  const program = buildProgram(ctx, (o) => outcome = o);
  const json = argv.includes("--json");
  const debug = argv.includes("--debug");
  try {
    await program.parseAsync([...argv], { from: "user" });
  } catch (error) {
    const failure = toBottleError(error);
    if (failure === "help") return ExitCode.ok;
    ctx.stderr(formatError(failure, { json: false, debug }));
    if (json) ctx.stdout(formatError(failure, { json: true, debug }));
    return failure instanceof BottleError ? failure.exitCode : ExitCode.internal;
  }
  if (outcome === undefined) {
    // `bottle` alone, or `bottle image` without a subcommand: show help, usage status.
    ctx.stderr(program.helpInformation());
    return ExitCode.usage;
  }
  if (json && outcome.jsonWritten !== true) {
    ctx.stdout(JSON.stringify({ ok: outcome.exitCode === 0, ...outcome.result }) + "\n");
  }
  return outcome.exitCode;
}

function toBottleError(error: unknown): BottleError | Error | "help" {
  if (error instanceof CommanderError) {
    if (
      error.code === "commander.helpDisplayed" || error.code === "commander.version" ||
      error.code === "commander.help"
    ) {
      return error.exitCode === 0 ? "help" : new UsageError("help", "no command given", {
        hint: "run `bottle --help` to see the commands",
      });
    }
    const message = error.message.replace(/^error: /, "");
    return new UsageError(error.code.replace(/^commander\./, ""), message, {
      hint: "run `bottle --help` (or `bottle COMMAND --help`) to see the usage",
    });
  }
  if (error instanceof Error) return error;
  return new Error(String(error));
}
