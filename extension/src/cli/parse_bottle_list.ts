/** Reads `bottle ls --json`: the bottles the engine has, with their state and workspace. */
import { BottleFailure } from "./bottle_failure.ts";

/** A bottle's state as `bottle ls` reports it. */
export type BottleState = "running" | "exited" | "orphaned" | "unknown";

/** One row of `bottle ls --json`. */
export interface BottleRow {
  readonly name: string;
  readonly agent: string;
  readonly state: BottleState;
  /** Host folder mounted at /workspace. */
  readonly workspace: string;
  /** `interactive` (has a session to attach to) or `print`. */
  readonly mode: string;
  /** Human age (`3m`). */
  readonly age: string;
  /** ISO start time, or "" when unknown. */
  readonly started: string;
  readonly supervisorAlive: boolean;
}

const STATES: readonly string[] = ["running", "exited", "orphaned"];

function text(row: Record<string, unknown>, key: string): string {
  const value = row[key];
  return typeof value === "string" ? value : "";
}

/** The rows of an `ls` result; rows without a name are dropped, a result without a list throws. */
export function parseBottleList(
  result: Readonly<Record<string, unknown>>,
): BottleRow[] {
  const bottles = result.bottles;
  if (!Array.isArray(bottles)) {
    throw new BottleFailure(
      "extension.unreadable_output",
      "bottle ls printed no list of bottles",
      "is bottle.path an up-to-date bottle?",
      0,
    );
  }
  const rows: BottleRow[] = [];
  for (const entry of bottles as unknown[]) {
    if (entry === null || typeof entry !== "object") continue;
    const row = entry as Record<string, unknown>;
    const name = text(row, "name");
    if (name === "") continue;
    const state = text(row, "state");
    rows.push({
      name,
      agent: text(row, "agent"),
      state: STATES.includes(state) ? state as BottleState : "unknown",
      workspace: text(row, "workspace"),
      mode: text(row, "mode"),
      age: text(row, "age"),
      started: text(row, "started"),
      supervisorAlive: row.supervisorAlive === true,
    });
  }
  return rows.sort((a, b) => a.name.localeCompare(b.name));
}
