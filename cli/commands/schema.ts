/** `bottle schema`: prints the manifest's JSON Schema, the single source of truth. */
import type { Command } from "commander";
import schema from "../../schemas/claude-bottle.schema.json" with { type: "json" };
import type { Context, Sink } from "../context.ts";
import { ExitCode } from "../errors.ts";
import { withExample } from "./_example.ts";
import { globalsOf } from "./_globals.ts";

/** Adds `schema` to the program. */
export function addSchemaCommand(program: Command, ctx: Context, sink: Sink): void {
  const command = program
    .command("schema")
    .summary("print the JSON Schema of claude-bottle.json (for editors and tools)")
    .description(
      "Prints the JSON Schema (2020-12) that bottle validates manifests against. Every property " +
        "has a description; editors show it as hover text.",
    )
    .action((_opts: unknown, cmd: Command) => {
      if (!globalsOf(cmd).json) ctx.stdout(JSON.stringify(schema, null, 2) + "\n");
      sink({ exitCode: ExitCode.ok, result: { schema } });
    });
  withExample(command, "bottle schema > claude-bottle.schema.json");
}
