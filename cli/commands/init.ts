/** `bottle init [FILE]`: writes a commented starter manifest, never over an existing file. */
import type { Command } from "commander";
import { resolve } from "node:path";
import type { Context, Outcome, Sink } from "../context.ts";
import { ExitCode, ManifestError } from "../errors.ts";
import { MANIFEST_NAME } from "../manifest/discover_manifest.ts";
import { STARTER_MANIFEST } from "../manifest/starter_manifest.ts";
import { displayPath } from "./_display_path.ts";
import { withExample } from "./_example.ts";
import { globalsOf } from "./_globals.ts";

/** Adds `init` to the program. */
export function addInitCommand(program: Command, ctx: Context, sink: Sink): void {
  const command = program
    .command("init")
    .argument("[file]", `where to write it (default: ./${MANIFEST_NAME})`)
    .summary("write a commented starter claude-bottle.json (never overwrites)")
    .description(
      "Writes a starter manifest that validates as written and explains each field in comments. " +
        "Refuses to overwrite an existing file.",
    )
    .action(async (file: string | undefined, _opts: unknown, cmd: Command) => {
      sink(await init(ctx, resolve(ctx.cwd, file ?? MANIFEST_NAME), globalsOf(cmd).json));
    });
  withExample(command, "bottle init && bottle validate");
}

async function init(ctx: Context, path: string, json: boolean): Promise<Outcome> {
  try {
    // createNew makes the existence check and the write one atomic step.
    await Deno.writeTextFile(path, STARTER_MANIFEST, { createNew: true, mode: 0o600 });
  } catch (error) {
    if (error instanceof Deno.errors.AlreadyExists) {
      throw new ManifestError(
        "exists",
        `${displayPath(path, ctx.cwd)} already exists; not overwriting it`,
        {
          hint: "edit it, or remove it first if you want a fresh starter",
        },
      );
    }
    if (error instanceof Deno.errors.NotFound) {
      throw new ManifestError("no-folder", `cannot write ${path}: its folder does not exist`);
    }
    throw error;
  }
  if (!json) {
    ctx.stdout(`wrote ${displayPath(path, ctx.cwd)}; check it with \`bottle validate\`\n`);
  }
  return { exitCode: ExitCode.ok, result: { manifest: path } };
}
