/**
 * The path policy of the in-bottle hook: resolve every path a tool call
 * names and judge it against the bottle's deny lists.
 */

export {
  createPathJudge,
  createPathPolicy,
  DEFAULT_SCAN_LIMIT,
  type PathEnv,
  type PathPolicy,
  type TreeFilter,
} from "./create_path_judge.ts";
export { type FsEntry, type FsKind, type FsStat, type FsView, sameFile } from "./fs_view.ts";
export { expandPath, normaliseAbsolute, STANDARD_STREAMS } from "./expand_path.ts";
export { MAX_SYMLINK_HOPS, resolvePhysical } from "./resolve_path.ts";
export { type MountEntry, mountOf, parseMountInfo } from "./mount_table.ts";
export { compilePathPattern, pathPatternProblem } from "./path_pattern.ts";
export { compilePathRules, type PathDenial, type PathRules } from "./path_rules.ts";
