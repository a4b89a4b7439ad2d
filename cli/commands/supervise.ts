/**
 * `bottle supervise` (hidden): the detached supervisor started by
 * `bottle start --detach`. `cli/main.ts` runs it without the command tree (see
 * cli/supervisor/supervise.ts); the command is registered too, so the name is
 * reserved and `bottle supervise --help` explains it. The supervisor's code is
 * loaded only when it runs: other commands start faster without it.
 */
import type { Command } from "commander";
import type { Context, Sink } from "../context.ts";
import { SUPERVISE_COMMAND } from "../supervisor/supervise_command.ts";

/** Adds the hidden `supervise` command. */
export function addSuperviseCommand(program: Command, ctx: Context, sink: Sink): void {
  program
    .command(SUPERVISE_COMMAND, { hidden: true })
    .description("run a detached bottle's supervisor (started by `bottle start --detach`)")
    .action(async () => {
      const { supervise } = await import("../supervisor/supervise.ts");
      sink(await supervise(ctx));
    });
}
