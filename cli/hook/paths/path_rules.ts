/**
 * The policy's path lists compiled once, and the one question asked of them:
 * does this absolute path fall under a denial that no exception lifts?
 *
 * How exceptions work: each pattern matches at a depth (how many leading
 * segments of the path it names). An exception lifts a denial at the same
 * depth (`.env.example` lifts `.env.*` for that file). An anchored exception
 * (`/…` or `~/…`) also lifts denials above it — a deliberate carve-out inside
 * a denied folder. A relative exception never lifts a denied folder above it,
 * so `~/.ssh/.env.example` stays denied.
 */

import type { HookPolicy } from "../hook_policy.ts";
import type { PathAccess } from "../verdict.ts";
import { compilePathPattern, matchDepths, type PathPattern, pathSegments } from "./path_pattern.ts";

/** Which list denied a path, by which pattern. */
export interface PathDenial {
  readonly pattern: string;
  readonly list: "denyReadWrite" | "denyWrite";
}

/** The compiled lists. */
export interface PathRules {
  /** The denial for `path` (absolute, normalised), or undefined. */
  denial(path: string, access: PathAccess, folded: boolean): PathDenial | undefined;
}

/** Compiles the policy's path lists (the policy was validated by parseHookPolicy). */
export function compilePathRules(policy: HookPolicy): PathRules {
  const compile = (list: readonly string[]) =>
    list.map((pattern) => compilePathPattern(pattern, policy.home));
  const readWrite = compile(policy.paths.denyReadWrite);
  const writeOnly = compile(policy.paths.denyWrite);
  const allow = compile(policy.paths.allow);
  const filters = {
    readWrite: [prefilter(readWrite, false), prefilter(readWrite, true)],
    writeOnly: [prefilter(writeOnly, false), prefilter(writeOnly, true)],
  };
  return {
    denial(path, access, folded) {
      const index = folded ? 1 : 0;
      const maybeReadWrite = filters.readWrite[index]!.test(path);
      const maybeWrite = access === "write" && filters.writeOnly[index]!.test(path);
      if (!maybeReadWrite && !maybeWrite) return undefined;
      const segments = pathSegments(path);
      const lifted = liftedDepths(allow, segments, folded);
      const hit = maybeReadWrite ? firstStanding(readWrite, segments, folded, lifted) : undefined;
      if (hit !== undefined) return { pattern: hit, list: "denyReadWrite" };
      if (!maybeWrite) return undefined;
      const write = firstStanding(writeOnly, segments, folded, lifted);
      return write === undefined ? undefined : { pattern: write, list: "denyWrite" };
    },
  };
}

/**
 * One regular expression over the joined path that matches when any pattern
 * of the list matches at any depth: most paths match nothing, and one test
 * decides that (the exact, exception-aware walk runs only on a hit).
 */
function prefilter(patterns: readonly PathPattern[], folded: boolean): RegExp {
  const anchored = patterns.filter((p) => p.anchored).map((p) => p.regexSource);
  const relative = patterns.filter((p) => !p.anchored).map((p) => p.regexSource);
  const parts = [
    ...(anchored.length > 0 ? [`(?:${anchored.join("|")})`] : []),
    ...(relative.length > 0 ? [`.*/(?:${relative.join("|")})`] : []),
  ];
  if (parts.length === 0) return /(?!)/;
  return new RegExp(`^(?:${parts.join("|")})(?:/|$)`, folded ? "iu" : "u");
}

/** Tells, for a deny depth, whether an exception lifts it. */
type Lifted = (depth: number) => boolean;

function liftedDepths(
  allow: readonly PathPattern[],
  segments: readonly string[],
  folded: boolean,
): Lifted {
  const same = new Set<number>();
  let anchoredDeepest = -1;
  for (const pattern of allow) {
    for (const depth of matchDepths(pattern, segments, folded)) {
      same.add(depth);
      if (pattern.anchored) anchoredDeepest = Math.max(anchoredDeepest, depth);
    }
  }
  return (depth) => same.has(depth) || depth <= anchoredDeepest;
}

function firstStanding(
  patterns: readonly PathPattern[],
  segments: readonly string[],
  folded: boolean,
  lifted: Lifted,
): string | undefined {
  for (const pattern of patterns) {
    if (matchDepths(pattern, segments, folded).some((depth) => !lifted(depth))) {
      return pattern.source;
    }
  }
  return undefined;
}
