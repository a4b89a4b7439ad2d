/** Shared by the commands that act on a running bottle: where state lives and which bottle a name means. */
import { bottleNameProblem } from "../bottle/bottle_name.ts";
import type { BottleRecord } from "../bottle/bottle_record.ts";
import { stateRoot } from "../bottle/state_layout.ts";
import type { Context } from "../context.ts";
import { findBottle } from "../engine/bottle_containers.ts";
import { UsageError } from "../errors.ts";

/** The folder holding every bottle's state; a usage error when the host has no home. */
export function requireStateRoot(ctx: Context): string {
  const root = stateRoot(ctx.env);
  if (root === undefined) {
    throw new UsageError("no_state_folder", "neither XDG_STATE_HOME nor HOME is set", {
      hint: "bottle keeps each bottle's sockets and audit log under $XDG_STATE_HOME/bottle",
    });
  }
  return root;
}

/** The bottle named `name`; a usage error naming the fix when there is none. */
export async function requireBottle(name: string): Promise<BottleRecord> {
  const bottle = await findBottle(name);
  if (bottle === undefined) {
    throw new UsageError("no_such_bottle", `no bottle named ${JSON.stringify(name)} is running`, {
      hint: "`bottle ls` lists the bottles",
    });
  }
  return bottle;
}

/** Refuses names that could not be a bottle's (and so could walk out of the state folder). */
export function checkName(name: string): void {
  const problem = bottleNameProblem(name);
  if (problem !== undefined) {
    throw new UsageError("bad_name", `${JSON.stringify(name)} is not a bottle name: ${problem}`, {
      hint: "`bottle ls` lists the bottles",
    });
  }
}
