/**
 * A recursive read of a folder, checked before it happens: every file below
 * it that the reader would open (as the include filter says) is judged the
 * way a single path is — by name, by case-insensitive name, as a symlink and
 * as a hardlink. Entries the workspace seal masked are passed over: they read
 * as empty. The walk is bounded; past the bound the read is denied.
 */

import { ALLOWED, denied, type PathJudge, type Verdict } from "../verdict.ts";
import { caseInsensitiveDir } from "./case_probe.ts";
import type { FsView } from "./fs_view.ts";
import { type HardlinkGuard, ScanLimitError } from "./hardlink_guard.ts";
import type { PathRules } from "./path_rules.ts";

/** What the tree walk needs from the path policy. */
export interface TreeParts {
  readonly fs: FsView;
  readonly rules: PathRules;
  readonly guard: HardlinkGuard;
  readonly judgePath: PathJudge;
  readonly scanLimit: number;
  /** The folder as the tool call wrote it, for reasons. */
  readonly dir: string;
  /** Paths the workspace seal masked: read as empty, so passed over (never a reason to deny). */
  readonly masked: ReadonlySet<string>;
}

/** Judges a recursive read of `root` (absolute, resolved, a folder). */
export function judgeTree(
  root: string,
  include: (relative: string) => boolean,
  parts: TreeParts,
  enter: (relative: string) => boolean = () => true,
): Verdict {
  const { fs, rules, guard, judgePath, scanLimit, dir, masked } = parts;
  const caseCache = new Map<string, boolean>();
  const refuse = (relative: string, why: string) =>
    denied(
      "path.tree_denied",
      `searching ${dir} would read ${relative}, ${why}; search a narrower folder or give a glob that leaves it out`,
    );
  const queue: string[] = [""];
  let seen = 0;
  while (queue.length > 0) {
    const relDir = queue.pop()!;
    const absDir = relDir === "" ? root : `${root}/${relDir}`;
    for (const entry of fs.readDir(absDir) ?? []) {
      if (++seen > scanLimit) {
        throw new ScanLimitError(`${dir} holds more than ${scanLimit} entries to check`);
      }
      const relative = relDir === "" ? entry.name : `${relDir}/${entry.name}`;
      const path = `${absDir === "/" ? "" : absDir}/${entry.name}`;
      // The kernel gives a masked file or folder to no one: it holds nothing to protect.
      if (masked.has(path)) continue;
      let stat = entry.kind === undefined ? fs.lstat(path) : undefined;
      const kind = entry.kind ?? stat?.kind;
      if (kind === "dir") {
        if (enter(relative)) queue.push(relative);
        continue;
      }
      if (!include(relative)) continue;
      if (kind === "symlink") {
        const verdict = judgePath(path, "read", "/");
        if (verdict.action !== "allow") return refuse(relative, "a link to a protected file");
        continue;
      }
      const denial = rules.denial(path, "read", false);
      if (denial !== undefined) return refuse(relative, `protected by "${denial.pattern}"`);
      if (rules.denial(path, "read", true) !== undefined) {
        let insensitive = caseCache.get(absDir);
        if (insensitive === undefined) {
          insensitive = caseInsensitiveDir(fs, absDir, entry.name);
          caseCache.set(absDir, insensitive);
        }
        if (insensitive) return refuse(relative, "a protected name in a folder that ignores case");
      }
      stat ??= fs.lstat(path);
      if (stat === undefined) continue;
      const alias = guard.aliasOf(path, stat, "read");
      if (alias !== undefined) return refuse(relative, `another name of ${alias.path}`);
    }
  }
  return ALLOWED;
}
