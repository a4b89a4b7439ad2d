/**
 * Whether the bottle's user (uid/gid 1000) can write the workspace folder:
 * a folder owned by another uid without group or world write bits mounts
 * fine but leaves the agent unable to change a file, so `start` warns.
 */
import { AGENT_UID } from "./agent_env.ts";

/** The owner and mode bits of a folder, as `Deno.stat` reports them. */
export interface FolderAccess {
  readonly uid: number | null;
  readonly gid: number | null;
  readonly mode: number | null;
}

/** Whether uid/gid 1000 may create files in a folder with this owner and mode (unknown → true). */
export function agentCanWrite(folder: FolderAccess): boolean {
  if (folder.mode === null) return true;
  const mode = folder.mode;
  const canEnter = (bits: number) => (mode & bits) === bits;
  if (folder.uid === AGENT_UID) return canEnter(0o300);
  if (folder.gid === AGENT_UID) return canEnter(0o030);
  return canEnter(0o003);
}

/**
 * The warning `start` prints when the agent cannot write the workspace, or
 * undefined. The fix it suggests names only the workspace itself, and never
 * a recursive chown of a broad one (`broad` says why it is broad).
 */
export function workspaceWarning(
  path: string,
  folder: FolderAccess,
  broad?: string,
): string | undefined {
  if (agentCanWrite(folder)) return undefined;
  const fix = broad === undefined
    ? ` — \`chown -R ${AGENT_UID}:${AGENT_UID} ${quoteForShell(path)}\` lets it`
    : "";
  return `warning: the bottle's user (uid ${AGENT_UID}) cannot write ${path} (owner uid ${folder.uid}, mode ${
    ((folder.mode ?? 0) & 0o777).toString(8)
  }); the agent can read but not change it${fix}`;
}

/** `path` as one shell word. */
function quoteForShell(path: string): string {
  return /^[A-Za-z0-9_./@%+=:,-]+$/.test(path) ? path : `'${path.replace(/'/g, `'\\''`)}'`;
}
