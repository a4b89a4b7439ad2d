/**
 * The detached supervisor's whole life: read the input — the plan and the real
 * credential — from standard input, start the bottle, report one JSON line
 * (ready, or why not), then hold the proxies until the agent exits or a signal
 * arrives, and tear everything down. Kept free of the command tree so that
 * `cli/main.ts` can start a supervisor without loading the launcher's
 * dependencies (commander, the manifest validator): its start-up is on the
 * critical path of `bottle start --detach`.
 */
import { stateLayout } from "../bottle/state_layout.ts";
import type { Context, Outcome } from "../context.ts";
import { BottleError, ExitCode, UsageError } from "../errors.ts";
import { appendLog } from "./append_log.ts";
import { ownSupervisorId } from "./liveness.ts";
import { startBottle, superviseUntilExit } from "./run_bottle.ts";
import type { SupervisorInput } from "./supervisor_input.ts";
import { warmKeyMaking } from "./warm_key_making.ts";
import { formatSupervisorReport, SUPERVISOR_FAILED } from "./supervisor_report.ts";

export { SUPERVISE_COMMAND } from "./supervise_command.ts";

/** Runs one detached supervisor from start to teardown; resolves with the agent's status. */
export async function supervise(ctx: Context): Promise<Outcome> {
  // Most bottles intercept and make a CA before `docker run`: the key making warms up meanwhile.
  warmKeyMaking();
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
    ctx.stdout(formatSupervisorReport({
      ok: false,
      code: failure?.code ?? SUPERVISOR_FAILED,
      exitCode: failure?.exitCode ?? ExitCode.internal,
      message: error instanceof Error ? error.message : String(error),
      ...(failure?.hint === undefined ? {} : { hint: failure.hint }),
    }));
    log.close();
    return { exitCode: failure?.exitCode ?? ExitCode.internal, result: {} };
  }
  ctx.stdout(formatSupervisorReport({ ok: true, name: input.plan.name, pid: Deno.pid }));
  note("ready");
  const exitCode = await superviseUntilExit(running, () => note("signal: tearing down"));
  note(`agent exited with status ${exitCode}; torn down`);
  log.close();
  return { exitCode, result: {} };
}

function parseInput(text: string): SupervisorInput {
  try {
    const input = JSON.parse(text) as SupervisorInput;
    if (
      typeof input?.plan?.name === "string" && typeof input.stateRoot === "string" &&
      Array.isArray(input.credentials)
    ) return input;
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
