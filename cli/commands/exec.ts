/** `bottle exec NAME [-it] -- CMD [ARG…]`: a command in the bottle, as the agent's user, with its environment. */
import type { Command } from "commander";
import type { Context, Outcome, Sink } from "../context.ts";
import { runDockerOnTerminal } from "../engine/docker.ts";
import { UsageError } from "../errors.ts";
import { requireBottle } from "./_bottle_lookup.ts";
import { withExample } from "./_example.ts";

/** Adds `exec` to the program. */
export function addExecCommand(program: Command, ctx: Context, sink: Sink): void {
  const command = program
    .command("exec")
    .argument("<name>", "the bottle")
    .argument("<command...>", "the command and its arguments (after --)")
    .option("-i, --interactive", "keep standard input open", false)
    .option("-t, --tty", "allocate a terminal", false)
    .summary("run a command in a bottle as the agent's user; its exit status is passed through")
    .description(
      "Runs CMD inside the bottle as uid 1000 in /workspace with the agent's environment (phantom " +
        "credential, proxy settings). It is as sealed as the agent: same network, same grants.",
    )
    .action(async (name: string, argv: string[], flags: { interactive: boolean; tty: boolean }) =>
      sink(await exec(ctx, name, argv, flags))
    );
  withExample(command, "bottle exec review-1 -- git status");
  withExample(command, "bottle exec review-1 -it -- bash");
}

async function exec(
  ctx: Context,
  name: string,
  argv: string[],
  flags: { interactive: boolean; tty: boolean },
): Promise<Outcome> {
  if (argv.length === 0) {
    throw new UsageError("no_command", "name the command to run after --", {
      hint: `bottle exec ${name} -- ls -la`,
    });
  }
  if (flags.tty && !ctx.interactive) {
    throw new UsageError("no_terminal", "-t needs a terminal", { hint: "drop -t" });
  }
  const bottle = await requireBottle(name);
  const options = [
    ...(flags.interactive ? ["--interactive"] : []),
    ...(flags.tty ? ["--tty"] : []),
  ];
  const code = await runDockerOnTerminal([
    "exec",
    ...options,
    "--user",
    "1000:1000",
    "--workdir",
    "/workspace",
    bottle.container,
    ...argv,
  ]);
  return { exitCode: code, result: { name, exitCode: code } };
}
