/**
 * What `ls`, `stop` and `gc` know of a bottle, read from the engine alone:
 * `docker inspect` of its container and the `dev.bottle.*` labels on it.
 */
import { LABEL, parseSupervisorId, type SupervisorId } from "./labels.ts";

/** running: agent and supervisor up; exited: the agent ended; orphaned: the supervisor is gone. */
export type BottleState = "running" | "exited" | "orphaned";

/** One bottle as the engine sees it. */
export interface BottleRecord {
  readonly name: string;
  readonly agent: string;
  readonly container: string;
  readonly containerRunning: boolean;
  readonly exitCode: number | undefined;
  readonly created: string;
  readonly workspace: string;
  readonly manifest: string;
  readonly mode: string;
  readonly stateDir: string;
  readonly supervisor: SupervisorId | undefined;
}

/** The bottle records in `docker inspect` output (a JSON array); containers without the label are skipped. */
export function parseBottleRecords(inspectJson: string): BottleRecord[] {
  const parsed: unknown = JSON.parse(inspectJson || "[]");
  if (!Array.isArray(parsed)) return [];
  const records: BottleRecord[] = [];
  for (const item of parsed) {
    const labels = record(record(item)["Config"])["Labels"];
    const label = (key: string) => {
      const value = record(labels)[key];
      return typeof value === "string" ? value : "";
    };
    const name = label(LABEL.bottle);
    if (name === "") continue;
    const state = record(record(item)["State"]);
    records.push({
      name,
      agent: label(LABEL.agent),
      container: String(record(item)["Name"] ?? "").replace(/^\//, ""),
      containerRunning: state["Running"] === true,
      exitCode: state["Running"] === true || typeof state["ExitCode"] !== "number"
        ? undefined
        : state["ExitCode"],
      created: label(LABEL.started) || String(record(item)["Created"] ?? ""),
      workspace: label(LABEL.workspace),
      manifest: label(LABEL.manifest),
      mode: label(LABEL.mode),
      stateDir: label(LABEL.stateDir),
      supervisor: parseSupervisorId(label(LABEL.supervisor)),
    });
  }
  return records.sort((a, b) => a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
}

/** The state of `bottle`, given whether its supervisor lives. */
export function bottleState(bottle: BottleRecord, supervisorAlive: boolean): BottleState {
  if (!supervisorAlive) return "orphaned";
  return bottle.containerRunning ? "running" : "exited";
}

/** A short age: `45s`, `12m`, `3h`, `2d`. */
export function formatAge(fromIso: string, now: Date): string {
  const started = Date.parse(fromIso);
  if (Number.isNaN(started)) return "?";
  const seconds = Math.max(0, Math.round((now.getTime() - started) / 1000));
  if (seconds < 60) return `${seconds}s`;
  if (seconds < 3600) return `${Math.floor(seconds / 60)}m`;
  if (seconds < 86400) return `${Math.floor(seconds / 3600)}h`;
  return `${Math.floor(seconds / 86400)}d`;
}

function record(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === "object" ? value as Record<string, unknown> : {};
}
