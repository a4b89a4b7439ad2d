/** `bottle attach NAME`: a terminal on the agent's session; closing it leaves the agent running. */
import type { Command } from "commander";
import type { Context, Outcome, Sink } from "../context.ts";
import { runDockerOnTerminal } from "../engine/docker.ts";
import { UsageError } from "../errors.ts";
import { requireBottle } from "./_bottle_lookup.ts";
import { withExample } from "./_example.ts";

/** Adds `attach` to the program. */
export function addAttachCommand(program: Command, ctx: Context, sink: Sink): void {
  const command = program
    .command("attach")
    .argument("<name>", "the bottle")
    .summary("open a terminal on a bottle's agent session")
    .description(
      "Joins the agent's session (tmux inside the bottle). Detach with Ctrl-b d or close the " +
        "terminal: the agent keeps running, and attaching again shows the same session.",
    )
    .action(async (name: string) => sink(await attach(ctx, name)));
  withExample(command, "bottle attach review-1");
}

async function attach(ctx: Context, name: string): Promise<Outcome> {
  const bottle = await requireBottle(name);
  if (bottle.mode === "print") {
    throw new UsageError("print_mode", `${name} runs in print mode and has no session`, {
      hint: `\`bottle logs ${name} --follow\` shows its output`,
    });
  }
  if (!ctx.interactive) {
    throw new UsageError("no_terminal", "attach needs a terminal", {
      hint: `run it in a terminal, or use \`bottle exec ${name} -- CMD\``,
    });
  }
  const code = await runDockerOnTerminal([
    "exec",
    "-it",
    "--user",
    "1000:1000",
    bottle.container,
    "tmux",
    "attach-session",
    "-t",
    "agent",
  ]);
  return { exitCode: code, result: { name, exitCode: code } };
}
