/** `bottle logs NAME [--follow]`: the agent's output of print-mode runs, kept after the bottle is gone. */
import type { Command } from "commander";
import { stateLayout } from "../bottle/state_layout.ts";
import type { Context, Outcome, Sink } from "../context.ts";
import { UsageError } from "../errors.ts";
import { supervisorAlive } from "../supervisor/liveness.ts";
import { checkName, requireStateRoot } from "./_bottle_lookup.ts";
import { withExample } from "./_example.ts";
import { readLog } from "./_follow_file.ts";

/** Adds `logs` to the program. */
export function addLogsCommand(program: Command, ctx: Context, sink: Sink): void {
  const command = program
    .command("logs")
    .argument("<name>", "the bottle")
    .option("-f, --follow", "keep printing new output until the bottle ends", false)
    .summary("show the agent output of a print-mode bottle")
    .action(async (name: string, flags: { follow: boolean }) =>
      sink(await logs(ctx, name, flags.follow))
    );
  withExample(command, "bottle logs review-1 --follow");
}

async function logs(ctx: Context, name: string, follow: boolean): Promise<Outcome> {
  checkName(name);
  const layout = stateLayout(requireStateRoot(ctx), name);
  const found = await readLog(
    layout.agentLog,
    ctx.stdout,
    follow ? { stillWriting: () => supervisorAlive(layout.controlSocket) } : undefined,
  );
  if (!found) {
    throw new UsageError("no_logs", `bottle ${name} has no agent log`, {
      hint: "only print-mode bottles (`--print`) keep an agent log; `bottle ls` lists the bottles",
    });
  }
  return { exitCode: 0, result: { name, log: layout.agentLog } };
}
