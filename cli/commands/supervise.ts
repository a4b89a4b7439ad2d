/**
 * `bottle supervise` (hidden): the detached supervisor started by
 * `bottle start --detach`. `cli/main.ts` runs it without the command tree (see
 * cli/supervisor/supervise.ts); the command is registered too, so the name is
 * reserved and `bottle supervise --help` explains it.
 */
import type { Command } from "commander";
import type { Context, Sink } from "../context.ts";
import { supervise, SUPERVISE_COMMAND } from "../supervisor/supervise.ts";

/** Adds the hidden `supervise` command. */
export function addSuperviseCommand(program: Command, ctx: Context, sink: Sink): void {
  program
    .command(SUPERVISE_COMMAND, { hidden: true })
    .description("run a detached bottle's supervisor (started by `bottle start --detach`)")
    .action(async () => sink(await supervise(ctx)));
}
