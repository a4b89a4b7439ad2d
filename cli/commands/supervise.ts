/**
 * `bottle supervise` (hidden): the detached supervisor. It reads its input —
 * the plan and the real credential — from standard input, starts the bottle,
 * reports one JSON line (ready, or why not), then holds the proxies until the
 * agent exits or a signal arrives, and tears everything down.
 */
import type { Command } from "commander";
import { stateLayout } from "../bottle/state_layout.ts";
import type { Context, Outcome, Sink } from "../context.ts";
import { BottleError, ExitCode, UsageError } from "../errors.ts";
import { appendLog } from "../supervisor/append_log.ts";
import { ownSupervisorId } from "../supervisor/liveness.ts";
import { startBottle, superviseUntilExit, type SupervisorInput } from "../supervisor/run_bottle.ts";

/** Adds the hidden `supervise` command. */
export function addSuperviseCommand(program: Command, ctx: Context, sink: Sink): void {
  program
    .command("supervise", { hidden: true })
    .description("run a detached bottle's supervisor (started by `bottle start --detach`)")
    .action(async () => sink(await supervise(ctx)));
}

async function supervise(ctx: Context): Promise<Outcome> {
  const input = parseInput(new TextDecoder().decode(await ctx.readStdin()));
  const layout = stateLayout(input.stateRoot, input.plan.name);
  await Deno.mkdir(layout.dir, { recursive: true, mode: 0o700 });
  const log = appendLog(layout.supervisorLog);
  const note = (line: string) => log.write(`${new Date().toISOString()} ${line}\n`);
  note(`supervisor ${Deno.pid} starting bottle ${input.plan.name}`);
  let running;
  try {
    running = await startBottle(input, ownSupervisorId());
  } catch (error) {
    const failure = error instanceof BottleError ? error : undefined;
    note(`failed: ${error instanceof Error ? error.message : String(error)}`);
    ctx.stdout(
      JSON.stringify({
        ok: false,
        code: failure?.code ?? "supervisor_failed",
        exitCode: failure?.exitCode ?? ExitCode.internal,
        message: error instanceof Error ? error.message : String(error),
        ...(failure?.hint === undefined ? {} : { hint: failure.hint }),
      }) + "\n",
    );
    log.close();
    return { exitCode: failure?.exitCode ?? ExitCode.internal, result: {} };
  }
  ctx.stdout(JSON.stringify({ ok: true, name: input.plan.name, pid: Deno.pid }) + "\n");
  note("ready");
  const exitCode = await superviseUntilExit(running, () => note("signal: tearing down"));
  note(`agent exited with status ${exitCode}; torn down`);
  log.close();
  return { exitCode, result: {} };
}

function parseInput(text: string): SupervisorInput {
  try {
    const input = JSON.parse(text) as SupervisorInput;
    if (typeof input?.plan?.name === "string" && typeof input.stateRoot === "string") return input;
  } catch {
    // Reported below.
  }
  throw new UsageError(
    "supervise_input",
    "`bottle supervise` is started by `bottle start --detach`",
    {
      hint: "run `bottle start --detach` instead",
    },
  );
}
