/** `bottle gc`: removes orphaned bottles (supervisor gone) and stale sockets and config. */
import type { Command } from "commander";
import type { Context, Outcome, Sink } from "../context.ts";
import { checkEngine } from "../engine/docker.ts";
import { collectGarbage } from "../supervisor/cleanup.ts";
import { requireStateRoot } from "./_bottle_lookup.ts";
import { withExample } from "./_example.ts";
import { globalsOf } from "./_globals.ts";

/** Adds `gc` to the program. */
export function addGcCommand(program: Command, ctx: Context, sink: Sink): void {
  const command = program
    .command("gc")
    .summary("remove orphaned bottles and stale state (bottle start runs it first)")
    .description(
      "Removes bottles whose supervisor is gone (they already have no egress), and the sockets " +
        "and rendered config left in state folders of bottles that no longer run. Audit logs and " +
        "agent logs are kept.",
    )
    .action(async (_opts: unknown, cmd: Command) => sink(await gc(ctx, globalsOf(cmd).json)));
  withExample(command, "bottle gc");
}

async function gc(ctx: Context, json: boolean): Promise<Outcome> {
  const root = requireStateRoot(ctx);
  await checkEngine();
  const report = await collectGarbage(root);
  if (!json) {
    for (const name of report.orphans) ctx.stdout(`removed orphaned bottle ${name}\n`);
    for (const name of report.staleState) ctx.stdout(`cleared stale state of ${name}\n`);
    if (report.orphans.length + report.staleState.length === 0) ctx.stdout("nothing to remove\n");
  }
  return { exitCode: 0, result: { ...report } };
}
