/**
 * The physical half of path resolution: walks an absolute path one segment
 * at a time through the filesystem, following every symlink (loop-safe), so
 * the policy judges the file a tool would really open.
 *
 * - A missing segment ends the walk: the rest is appended by text (the
 *   deepest existing parent is resolved, so `link/new-file` is judged where
 *   `link` points). A later `..` that climbs back out resumes the real walk.
 * - `/proc/<p>/…` is judged for the tool's process, never the hook's own:
 *   `self` and `thread-self` are the tool, `task/<tid>` is its process,
 *   `root` is `/` (a bottle has one mount namespace), `cwd` is the tool call's
 *   working folder (a numeric pid's `cwd` link is read). Anything else under
 *   `/proc/<p>/` (`fd/3`, `environ`) is kept as written, for the patterns.
 */

import { normaliseAbsolute } from "./expand_path.ts";
import type { FsStat, FsView } from "./fs_view.ts";

/** Linux gives up after 40 symlinks (ELOOP); so does the policy, with a deny. */
export const MAX_SYMLINK_HOPS = 40;

/** Thrown when resolution follows more than MAX_SYMLINK_HOPS links. */
export class SymlinkLoopError extends Error {}

/** A path after the physical walk. */
export interface PhysicalPath {
  /** Absolute, every symlink followed. */
  readonly path: string;
  /** The lstat of `path` when it exists (never a symlink), else undefined. */
  readonly stat: FsStat | undefined;
}

/** Resolves `absolute` (already expanded) as the kernel would; `cwd` stands for `/proc/self/cwd`. */
export function resolvePhysical(absolute: string, cwd: string, fs: FsView): PhysicalPath {
  const done: string[] = [];
  const todo = segmentsOf(absolute).reverse();
  let hops = 0;
  let stat: FsStat | undefined;
  // done.length when the walk became textual (missing segment, or inside /proc/<p>/).
  let textualFrom: number | undefined;

  const jump = (target: string): void => {
    if (++hops > MAX_SYMLINK_HOPS) {
      throw new SymlinkLoopError(`more than ${MAX_SYMLINK_HOPS} symbolic links`);
    }
    if (target.startsWith("/")) done.length = 0;
    stat = undefined;
    todo.push(...segmentsOf(target).reverse());
  };

  while (todo.length > 0) {
    const segment = todo.pop()!;
    if (segment === ".") continue;
    if (segment === "..") {
      done.pop();
      stat = undefined;
      if (textualFrom !== undefined && done.length <= textualFrom) textualFrom = undefined;
      continue;
    }
    if (textualFrom !== undefined) {
      done.push(segment);
      continue;
    }
    if (done.length === 0 && segment === "proc") {
      // Judged as the kernel's process folder whatever the filesystem says.
      done.push(segment);
      stat = undefined;
      continue;
    }
    if (done.length === 1 && done[0] === "proc" && isProcessName(segment)) {
      done.push(segment === "thread-self" ? "self" : segment);
      stat = undefined;
      continue;
    }
    if (done.length === 2 && done[0] === "proc" && isProcessName(done[1]!)) {
      const process = done[1]!;
      if (segment === "task" && /^\d+$/.test(todo.at(-1) ?? "")) {
        todo.pop();
        continue;
      }
      if (segment === "root") {
        jump("/");
        continue;
      }
      if (segment === "cwd") {
        jump(process === "self" ? cwd : fs.readlink(`/proc/${process}/cwd`));
        continue;
      }
      textualFrom = done.length;
      done.push(segment);
      continue;
    }
    const candidate = `/${[...done, segment].join("/")}`;
    const found = fs.lstat(candidate);
    if (found === undefined) {
      textualFrom = done.length;
      done.push(segment);
      stat = undefined;
      continue;
    }
    if (found.kind === "symlink") {
      jump(fs.readlink(candidate));
      continue;
    }
    done.push(segment);
    stat = found;
  }
  const path = normaliseAbsolute(`/${done.join("/")}`);
  if (textualFrom !== undefined) return { path, stat: undefined };
  // A process folder is judged as written: statting it would describe the hook's own process.
  if (done[0] === "proc" && done.length >= 2 && isProcessName(done[1]!)) {
    return { path, stat: undefined };
  }
  // After "..", the folder reached was not statted on the way.
  return { path, stat: stat ?? fs.lstat(path) };
}

/** `self`, `thread-self` or a pid: a /proc entry that is a process. */
function isProcessName(segment: string): boolean {
  return segment === "self" || segment === "thread-self" || /^\d+$/.test(segment);
}

function segmentsOf(path: string): string[] {
  return path.split("/").filter((s) => s !== "");
}
