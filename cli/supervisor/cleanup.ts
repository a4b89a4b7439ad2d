/**
 * Stopping bottles and collecting what dead ones left behind. A bottle whose
 * supervisor is gone has no egress already (its sockets died with it); these
 * remove its container and the run files of its state folder. Audit logs and
 * agent logs stay.
 */
import type { BottleRecord } from "../bottle/bottle_record.ts";
import { basename, dirname, isAbsolute } from "node:path";
import { type StateLayout, stateLayout } from "../bottle/state_layout.ts";
import { listBottles, removeContainer } from "../engine/bottle_containers.ts";
import { supervisorAlive } from "./liveness.ts";
import { clearRunFiles } from "./prepare_state.ts";
import { withStateLock } from "./state_lock.ts";

/** How long `stop` waits for a live supervisor to finish its own teardown. */
const SUPERVISOR_EXIT_MS = 10_000;

/** Stops `bottle`: removes its container (its supervisor then tears down) and waits for the supervisor. */
export async function stopBottle(bottle: BottleRecord, stateRoot: string): Promise<void> {
  await removeContainer(bottle.container);
  const deadline = Date.now() + SUPERVISOR_EXIT_MS;
  const control = recordLayout(bottle, stateRoot).controlSocket;
  while ((await supervisorAlive(control)) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  await clearIfUnsupervised(recordLayout(bottle, stateRoot));
}

/** What `gc` removed. */
export interface GarbageReport {
  /** Bottles whose supervisor was gone: container removed. */
  readonly orphans: string[];
  /** State folders whose run files (sockets, config) were stale. */
  readonly staleState: string[];
}

/**
 * The state folder of `bottle`: the one its label names (bottles started with
 * another HOME or XDG_STATE_HOME keep theirs), else the one under `stateRoot`.
 */
export function recordLayout(bottle: BottleRecord, stateRoot: string): StateLayout {
  const dir = bottle.stateDir;
  return isAbsolute(dir) && basename(dir) === bottle.name
    ? stateLayout(dirname(dir), bottle.name)
    : stateLayout(stateRoot, bottle.name);
}

/** Whether the supervisor of `bottle` still lives (its control socket answers). */
export function bottleSupervised(bottle: BottleRecord, stateRoot: string): Promise<boolean> {
  return supervisorAlive(recordLayout(bottle, stateRoot).controlSocket);
}

/** Removes orphaned bottles and stale run files under `stateRoot` (`bottles`: the engine's list, if already read). */
export async function collectGarbage(
  stateRoot: string,
  known?: readonly BottleRecord[],
): Promise<GarbageReport> {
  const bottles = known ?? await listBottles();
  const orphans = await removeOrphans(stateRoot, bottles);
  return { orphans, staleState: await clearStaleState(stateRoot, bottles) };
}

/** Removes the containers in `bottles` whose supervisor is gone, and their run files; their names. */
export async function removeOrphans(
  stateRoot: string,
  bottles: readonly BottleRecord[],
): Promise<string[]> {
  const orphans: string[] = [];
  for (const bottle of bottles) {
    if (await bottleSupervised(bottle, stateRoot)) continue;
    await removeContainer(bottle.container);
    await clearIfUnsupervised(recordLayout(bottle, stateRoot));
    orphans.push(bottle.name);
  }
  return orphans;
}

/**
 * Clears the run files left in state folders under `stateRoot` that no
 * supervisor holds (the folders of `bottles` are handled with their
 * containers); the names of the folders cleared.
 */
export async function clearStaleState(
  stateRoot: string,
  bottles: readonly BottleRecord[],
): Promise<string[]> {
  const withContainer = new Set(bottles.map((b) => b.name));
  const staleState: string[] = [];
  for (const name of await stateFolders(stateRoot)) {
    if (withContainer.has(name)) continue;
    if (await clearIfUnsupervised(stateLayout(stateRoot, name))) staleState.push(name);
  }
  return staleState;
}

/**
 * Clears the run files of `layout` when no supervisor holds the folder;
 * whether there were any to clear. Judged and done under the folder's lock,
 * so a supervisor that is claiming it right now is never cut off.
 */
function clearIfUnsupervised(layout: StateLayout): Promise<boolean> {
  return withStateLock(layout, async () => {
    if (await supervisorAlive(layout.controlSocket)) return false;
    const stale = await hasRunFiles(
      layout.sockDir,
      layout.configDir,
      layout.supervisorFile,
      layout.controlSocket,
    );
    if (stale) await clearRunFiles(layout);
    return stale;
  });
}

async function stateFolders(root: string): Promise<string[]> {
  const names: string[] = [];
  try {
    for await (const entry of Deno.readDir(root)) if (entry.isDirectory) names.push(entry.name);
  } catch {
    // No state yet.
  }
  return names.sort();
}

async function hasRunFiles(...paths: string[]): Promise<boolean> {
  for (const path of paths) {
    try {
      await Deno.lstat(path);
      return true;
    } catch {
      // Not there.
    }
  }
  return false;
}
