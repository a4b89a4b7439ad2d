/**
 * Hardlinks: a second name for a denied file is the same file, so a file
 * with more than one link is denied when its device and inode are those of a
 * denied file.
 *
 * Finding the denied files cheaply: a hardlink never crosses a mount, so only
 * the mount holding the file is searched, once per hook process, and only
 * when a file with `nlink > 1` is judged. The search lists every folder of
 * that mount (names only; `lstat` just for folders and for files the policy
 * denies) and records the denied files that have more than one link. It skips
 * dependency and cache folders (`node_modules`, `.git/objects`, `.venv`…)
 * unless the policy denies the folder itself: secrets are not kept there, and
 * skipping them keeps the search small in a real project. A read-only mount
 * is not searched at all: nothing can link a file there while the bottle
 * runs. When the search would pass `maxEntries` entries, it stops and the
 * judged file is denied (ScanLimitError): bounded work, never an unproven allow.
 */

import type { PathAccess } from "../verdict.ts";
import type { FsStat, FsView } from "./fs_view.ts";
import { type MountEntry, mountOf } from "./mount_table.ts";
import type { PathDenial, PathRules } from "./path_rules.ts";

/** Thrown when a bounded search would pass its bound; the policy denies. */
export class ScanLimitError extends Error {}

/** Folder names the inventory does not enter (unless the policy denies the folder itself). */
export const INVENTORY_SKIPPED: ReadonlySet<string> = new Set([
  "node_modules",
  ".pnpm-store",
  ".npm",
  ".cache",
  ".yarn",
  "__pycache__",
  ".venv",
  ".tox",
  ".mypy_cache",
  ".pytest_cache",
]);

/** A denied file that has other names. */
export interface DeniedLink {
  readonly path: string;
  readonly denial: PathDenial;
}

/** Answers "is this file another name of a denied file?". */
export interface HardlinkGuard {
  aliasOf(path: string, stat: FsStat, access: PathAccess): DeniedLink | undefined;
}

/**
 * A guard over `fs`. `mounts` returns the mount table (undefined when it
 * cannot be read: then the mount is found by climbing while the device stays
 * the same).
 */
export function createHardlinkGuard(
  fs: FsView,
  rules: PathRules,
  mounts: () => readonly MountEntry[] | undefined,
  maxEntries: number,
): HardlinkGuard {
  const inventories = new Map<string, ReadonlyMap<string, DeniedLink>>();
  return {
    aliasOf(path, stat, access) {
      if (stat.kind !== "file" || stat.nlink <= 1) return undefined;
      const table = mounts();
      let root: string;
      let crossesMount: (dir: string, dirStat: () => FsStat | undefined) => boolean;
      if (table !== undefined) {
        const mount = mountOf(table, path);
        if (mount === undefined) throw new Error(`no mount holds ${path}`);
        if (mount.readOnly) return undefined;
        root = mount.mountPoint;
        const points = new Set(table.map((m) => m.mountPoint));
        crossesMount = (dir) => points.has(dir);
      } else {
        root = climbSameDevice(fs, path, stat.dev);
        crossesMount = (_, dirStat) => dirStat()?.dev !== stat.dev;
      }
      let inventory = inventories.get(root);
      if (inventory === undefined) {
        inventory = deniedLinks(fs, rules, root, maxEntries, crossesMount);
        inventories.set(root, inventory);
      }
      const found = inventory.get(`${stat.dev}:${stat.ino}`);
      if (found === undefined || found.path === path) return undefined;
      if (access === "read" && found.denial.list !== "denyReadWrite") return undefined;
      return found;
    },
  };
}

/** The highest folder above `path` still on device `dev`. */
function climbSameDevice(fs: FsView, path: string, dev: number): string {
  let folder = path.slice(0, path.lastIndexOf("/")) || "/";
  while (folder !== "/") {
    const parent = folder.slice(0, folder.lastIndexOf("/")) || "/";
    if (fs.lstat(parent)?.dev !== dev) break;
    folder = parent;
  }
  return folder;
}

/**
 * Every denied file with more than one link under `root`, by `dev:ino`,
 * not entering folders where `crossesMount` says another mount begins.
 */
function deniedLinks(
  fs: FsView,
  rules: PathRules,
  root: string,
  maxEntries: number,
  crossesMount: (dir: string, dirStat: () => FsStat | undefined) => boolean,
): ReadonlyMap<string, DeniedLink> {
  const found = new Map<string, DeniedLink>();
  const queue: string[] = [root];
  let seen = 0;
  while (queue.length > 0) {
    const dir = queue.pop()!;
    const prefix = dir === "/" ? "" : dir;
    for (const entry of fs.readDir(dir) ?? []) {
      if (++seen > maxEntries) {
        throw new ScanLimitError(
          `the folder tree of ${root} has more than ${maxEntries} entries to search for other names of protected files`,
        );
      }
      const path = `${prefix}/${entry.name}`;
      let stat = entry.kind === undefined ? fs.lstat(path) : undefined;
      const kind = entry.kind ?? stat?.kind;
      if (kind === "dir") {
        if (crossesMount(path, () => stat ?? fs.lstat(path))) continue;
        if (skipped(dir, entry.name) && rules.denial(path, "write", false) === undefined) continue;
        queue.push(path);
      } else if (kind === "file") {
        const denial = rules.denial(path, "write", false);
        if (denial === undefined) continue;
        stat ??= fs.lstat(path);
        if (stat === undefined || stat.nlink <= 1) continue;
        const key = `${stat.dev}:${stat.ino}`;
        // One inode under two denied names: keep the read denial, it covers reads and writes.
        if (found.get(key)?.denial.list !== "denyReadWrite") found.set(key, { path, denial });
      }
    }
  }
  return found;
}

function skipped(parent: string, name: string): boolean {
  if (INVENTORY_SKIPPED.has(name)) return true;
  return parent.endsWith("/.git") && (name === "objects" || name === "lfs");
}
