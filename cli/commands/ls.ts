/** `bottle ls`: every bottle the engine has, with its state and whether its supervisor lives. */
import type { Command } from "commander";
import { bottleState, formatAge } from "../bottle/bottle_record.ts";
import type { Context, Outcome, Sink } from "../context.ts";
import { checkEngine } from "../engine/docker.ts";
import { listBottles } from "../engine/bottle_containers.ts";
import { bottleSupervised } from "../supervisor/cleanup.ts";
import { requireStateRoot } from "./_bottle_lookup.ts";
import { withExample } from "./_example.ts";
import { globalsOf } from "./_globals.ts";

/** Adds `ls` to the program. */
export function addLsCommand(program: Command, ctx: Context, sink: Sink): void {
  const command = program
    .command("ls")
    .summary("list bottles: name, agent, state, age, workspace, supervisor")
    .description(
      "Lists every bottle the engine knows, from the containers' labels: running (agent and " +
        "supervisor up), exited (the agent ended), or orphaned (the supervisor is gone, so the " +
        "bottle has no egress; `bottle gc` removes it).",
    )
    .action(async (_opts: unknown, cmd: Command) => sink(await ls(ctx, globalsOf(cmd).json)));
  withExample(command, "bottle ls --json");
}

async function ls(ctx: Context, json: boolean): Promise<Outcome> {
  const root = requireStateRoot(ctx);
  await checkEngine();
  const now = new Date();
  const rows = await Promise.all(
    (await listBottles()).map(async (bottle) => {
      const alive = await bottleSupervised(bottle, root);
      return {
        name: bottle.name,
        agent: bottle.agent,
        state: bottleState(bottle, alive),
        started: bottle.created,
        age: formatAge(bottle.created, now),
        workspace: bottle.workspace,
        mode: bottle.mode,
        supervisorAlive: alive,
        supervisorPid: bottle.supervisor?.pid ?? null,
        container: bottle.container,
      };
    }),
  );
  if (!json) {
    if (rows.length === 0) ctx.stdout("no bottles\n");
    else {
      const table = [
        ["NAME", "AGENT", "STATE", "AGE", "SUPERVISOR", "WORKSPACE"],
        ...rows.map((r) => [
          r.name,
          r.agent,
          r.state,
          r.age,
          r.supervisorAlive ? `alive (${r.supervisorPid})` : "gone",
          r.workspace,
        ]),
      ];
      ctx.stdout(formatTable(table));
    }
  }
  return { exitCode: 0, result: { bottles: rows } };
}

/** Left-aligned columns separated by two spaces. */
export function formatTable(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => (r[i] ?? "").length)));
  return rows.map((r) =>
    r.map((cell, i) => i === r.length - 1 ? cell : cell.padEnd(widths[i]!)).join("  ") + "\n"
  ).join("");
}
