/**
 * The `dev.bottle.*` labels on a bottle's container: enough for `ls`, `stop`
 * and `gc` to work from the engine's view alone, and never a secret.
 */
import type { BottlePlan } from "./plan.ts";

/** Label keys. */
export const LABEL = {
  bottle: "dev.bottle.bottle",
  agent: "dev.bottle.agent",
  manifest: "dev.bottle.manifest",
  workspace: "dev.bottle.workspace",
  mode: "dev.bottle.mode",
  stateDir: "dev.bottle.state-dir",
  supervisor: "dev.bottle.supervisor",
  started: "dev.bottle.started",
} as const;

/** Who supervises a bottle: a host process (shown to users; liveness is its control socket). */
export interface SupervisorId {
  readonly pid: number;
}

/** The pid, as stored in the label. */
export function formatSupervisorId(id: SupervisorId): string {
  return String(id.pid);
}

/** The supervisor named by a label value, or undefined when it is malformed. */
export function parseSupervisorId(value: string | undefined): SupervisorId | undefined {
  return /^\d+$/.test(value ?? "") ? { pid: Number(value) } : undefined;
}

/** The labels of the container of `plan`. */
export function bottleLabels(
  plan: BottlePlan,
  stateDir: string,
  supervisor: SupervisorId,
  started: Date,
): Record<string, string> {
  return {
    [LABEL.bottle]: plan.name,
    [LABEL.agent]: plan.agent,
    [LABEL.manifest]: plan.manifest ?? "(built-in)",
    [LABEL.workspace]: plan.workspace,
    [LABEL.mode]: plan.mode,
    [LABEL.stateDir]: stateDir,
    [LABEL.supervisor]: formatSupervisorId(supervisor),
    [LABEL.started]: started.toISOString(),
  };
}
