/** `bottle stop NAME… | --all`: tears bottles down — container, sockets, supervisor. Idempotent. */
import type { Command } from "commander";
import type { Context, Outcome, Sink } from "../context.ts";
import { listBottles } from "../engine/bottle_containers.ts";
import { checkEngine } from "../engine/docker.ts";
import { UsageError } from "../errors.ts";
import { recordLayout, stopBottle } from "../supervisor/cleanup.ts";
import { requireStateRoot } from "./_bottle_lookup.ts";
import { withExample } from "./_example.ts";
import { globalsOf } from "./_globals.ts";

/** Adds `stop` to the program. */
export function addStopCommand(program: Command, ctx: Context, sink: Sink): void {
  const command = program
    .command("stop")
    .argument("[names...]", "bottles to stop")
    .option("--all", "stop every bottle started with this state folder (your bottles)", false)
    .summary("stop bottles: remove the container, its sockets and its supervisor")
    .description(
      "Removes each bottle's container; its supervisor then closes the proxies and exits. " +
        "Stopping a bottle that is already gone is not an error. Audit and agent logs stay.",
    )
    .action(async (names: string[], flags: { all: boolean }, cmd: Command) => {
      sink(await stop(ctx, names, flags.all, globalsOf(cmd).json));
    });
  withExample(command, "bottle stop review-1");
}

async function stop(ctx: Context, names: string[], all: boolean, json: boolean): Promise<Outcome> {
  if (names.length === 0 && !all) {
    throw new UsageError("no_names", "name the bottles to stop, or pass --all", {
      hint: "`bottle ls` lists the bottles",
    });
  }
  const root = requireStateRoot(ctx);
  await checkEngine();
  const bottles = await listBottles();
  // --all means all of this user's bottles: those whose state folder is under this state root.
  const targets = all
    ? bottles.filter((b) => recordLayout(b, root).dir.startsWith(`${root}/`))
    : bottles.filter((b) => names.includes(b.name));
  await Promise.all(targets.map((bottle) => stopBottle(bottle, root)));
  const stopped = targets.map((b) => b.name);
  const absent = all ? [] : names.filter((n) => !stopped.includes(n));
  if (!json) {
    for (const name of stopped) ctx.stdout(`stopped ${name}\n`);
    for (const name of absent) ctx.stdout(`${name}: not running (nothing to stop)\n`);
    if (all && stopped.length === 0) ctx.stdout("no bottles\n");
  }
  return { exitCode: 0, result: { stopped, notRunning: absent } };
}
