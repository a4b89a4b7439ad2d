/**
 * The path policy: every path a tool call names is resolved (lexically and
 * through the filesystem) and denied when the path as written or the file it
 * reaches falls under a denial — also through a case-insensitive folder or
 * another hardlink of a denied file. Anything that throws denies.
 */

import type { HookPolicy } from "../hook_policy.ts";
import { ALLOWED, denied, type PathAccess, type PathJudge, type Verdict } from "../verdict.ts";
import { caseInsensitiveDir } from "./case_probe.ts";
import { expandPath, joinPath, procAlias, STANDARD_STREAMS } from "./expand_path.ts";
import type { FsView } from "./fs_view.ts";
import { createHardlinkGuard, type HardlinkGuard, ScanLimitError } from "./hardlink_guard.ts";
import { judgeTree } from "./judge_tree.ts";
import { type MountEntry, parseMountInfo } from "./mount_table.ts";
import { pathSegments } from "./path_pattern.ts";
import { compilePathRules, type PathDenial, type PathRules } from "./path_rules.ts";
import { resolvePhysical, SymlinkLoopError } from "./resolve_path.ts";

/** The default bound of every folder search (hardlink inventory, tree checks). */
export const DEFAULT_SCAN_LIMIT = 20_000;

/** Run-time facts the policy file does not hold. */
export interface PathEnv {
  /** The agent's user name, so `~agent/…` is `~/…` (default "agent"). */
  readonly user?: string;
  /** The mount table; default: /proc/self/mountinfo read through the FsView, once. */
  readonly mounts?: () => readonly MountEntry[] | undefined;
  /** Most entries one folder search may visit before it denies (default DEFAULT_SCAN_LIMIT). */
  readonly scanLimit?: number;
}

/** A predicate over a path relative to the searched folder (`src/a.ts`). */
export type TreeFilter = (relative: string) => boolean;

/** The path policy's two questions. */
export interface PathPolicy {
  /** One path, as the shell analysis and the file tools ask it. */
  readonly judgePath: PathJudge;
  /**
   * A recursive read of a folder (the Grep tool, `rg`, `grep -r`): denied when
   * any file below it that `include` selects is denied for reading, is a
   * symlink to one or another hardlink of one. Bounded by the scan limit.
   */
  readonly judgeTree: (
    dir: string,
    cwd: string,
    include?: TreeFilter,
    enter?: TreeFilter,
  ) => Verdict;
}

/** Builds the path policy over `fs`; throws when the policy's patterns do not compile. */
export function createPathPolicy(policy: HookPolicy, fs: FsView, env: PathEnv = {}): PathPolicy {
  const rules = compilePathRules(policy);
  const home = { home: policy.home, user: env.user ?? "agent" };
  const scanLimit = env.scanLimit ?? DEFAULT_SCAN_LIMIT;
  let mountTable: readonly MountEntry[] | undefined | null = null;
  const mounts = env.mounts ?? (() => {
    if (mountTable === null) {
      const text = fs.readText("/proc/self/mountinfo");
      mountTable = text === undefined ? undefined : parseMountInfo(text);
    }
    return mountTable;
  });
  const guard = createHardlinkGuard(fs, rules, mounts, scanLimit);
  const masked = new Set(policy.masked);

  const judgePath: PathJudge = (path, access, cwd) =>
    failClosed(() => judgeOne(path, access, cwd, { fs, rules, home, guard }));
  return {
    judgePath,
    judgeTree: (dir, cwd, include = () => true, enter = () => true) =>
      failClosed(() => {
        const self = judgePath(dir, "read", cwd);
        if (self.action !== "allow") return self;
        const physical = resolvePhysical(procAlias(expandPath(dir, cwd, home)), cwd, fs);
        if (physical.stat?.kind !== "dir") return ALLOWED;
        return judgeTree(
          physical.path,
          include,
          { fs, rules, guard, judgePath, scanLimit, dir, masked },
          enter,
        );
      }),
  };
}

/** The PathJudge alone, for callers that only judge single paths. */
export function createPathJudge(policy: HookPolicy, fs: FsView, env: PathEnv = {}): PathJudge {
  return createPathPolicy(policy, fs, env).judgePath;
}

interface Parts {
  readonly fs: FsView;
  readonly rules: PathRules;
  readonly home: { readonly home: string; readonly user: string };
  readonly guard: HardlinkGuard;
}

function judgeOne(path: string, access: PathAccess, cwd: string, parts: Parts): Verdict {
  const { fs, rules, home, guard } = parts;
  const written = expandPath(path, cwd, home);
  if (STANDARD_STREAMS.has(written)) return ALLOWED;
  const aliased = procAlias(written);
  // The kernel follows a symlink before the `..` after it (`link/../x`): walk
  // the path as written too, and judge whichever file either walk reaches.
  const lexical = resolvePhysical(aliased, cwd, fs);
  const asWritten = resolvePhysical(procAlias(joinPath(path, cwd, home)), cwd, fs);
  const physical = asWritten.path === lexical.path ? lexical : asWritten;
  const shown = path === physical.path ? path : `${path} (${physical.path})`;

  for (const candidate of [aliased, lexical.path, asWritten.path]) {
    const denial = rules.denial(candidate, access, false);
    if (denial !== undefined) return denyFor(denial, access, shown);
  }
  const folded = rules.denial(physical.path, access, true);
  if (folded !== undefined && anyCaseInsensitive(fs, pathSegments(physical.path))) {
    return denied(
      "path.case_variant",
      `${
        verb(access)
      } ${shown} is not allowed: this folder ignores letter case, so it is the protected path "${folded.pattern}"`,
    );
  }
  for (const reached of physical === lexical ? [lexical] : [lexical, asWritten]) {
    if (reached.stat === undefined) continue;
    const alias = guard.aliasOf(reached.path, reached.stat, access);
    if (alias !== undefined) {
      return denied(
        "path.hardlink",
        `${
          verb(access)
        } ${shown} is not allowed: it is another name (hardlink) of ${alias.path}, protected by "${alias.denial.pattern}"`,
      );
    }
  }
  return ALLOWED;
}

/** The deny for a path under `denial`. */
export function denyFor(denial: PathDenial, access: PathAccess, shown: string): Verdict {
  if (denial.list === "denyWrite") {
    return denied(
      "path.write_denied",
      `changing ${shown} is not allowed: "${denial.pattern}" may be read but not written (it runs code or configures the agent)`,
    );
  }
  return denied(
    "path.denied",
    `${verb(access)} ${shown} is not allowed: it matches the protected path "${denial.pattern}"`,
  );
}

/** True when any folder along `segments` that holds a name with letters ignores case. */
function anyCaseInsensitive(fs: FsView, segments: readonly string[]): boolean {
  for (let i = segments.length - 1; i >= 0; i--) {
    const name = segments[i]!;
    if (name.toLowerCase() === name.toUpperCase()) continue;
    const dir = `/${segments.slice(0, i).join("/")}`;
    if (caseInsensitiveDir(fs, dir, name)) return true;
  }
  return false;
}

function verb(access: PathAccess): string {
  return access === "read" ? "reading" : "writing";
}

/** Runs a check; a throw becomes a deny that says what failed. */
export function failClosed(check: () => Verdict): Verdict {
  try {
    return check();
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (error instanceof SymlinkLoopError) {
      return denied("path.symlink_loop", `the path cannot be resolved: ${message}`);
    }
    if (error instanceof ScanLimitError) {
      return denied("path.scan_limit", `${message}; name a narrower folder or file`);
    }
    return denied("path.error", `the path check failed: ${message}`);
  }
}
