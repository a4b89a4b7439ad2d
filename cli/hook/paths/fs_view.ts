/**
 * The filesystem as the path policy sees it: a few synchronous questions,
 * injected so the policy core is tested against a fake tree and the hook
 * answers them with `node:fs` (see ../node_fs_view.ts).
 */

/** What kind of thing a path names, without following a final symlink. */
export type FsKind = "file" | "dir" | "symlink" | "other";

/** The facts of one `lstat`. */
export interface FsStat {
  readonly kind: FsKind;
  readonly dev: number;
  readonly ino: number;
  readonly nlink: number;
  readonly size: number;
  readonly mtimeMs: number;
  /** Permission bits (`mode & 0o7777`). */
  readonly mode: number;
}

/** One directory entry; `kind` is undefined when the filesystem does not say (then lstat it). */
export interface FsEntry {
  readonly name: string;
  readonly kind: FsKind | undefined;
}

/**
 * Synchronous filesystem questions. "Missing" (ENOENT, ENOTDIR) is an answer
 * (`undefined`); any other failure (EACCES, EIO…) throws, and the policy turns
 * a throw into a deny.
 */
export interface FsView {
  /** `lstat`: the path itself, a symlink is not followed. */
  lstat(path: string): FsStat | undefined;
  /** The target text of a symlink, exactly as stored. */
  readlink(path: string): string;
  /** The entries of a directory (without `.` and `..`), or undefined when it is missing. */
  readDir(path: string): readonly FsEntry[] | undefined;
  /** A whole file as UTF-8, or undefined when it is missing. */
  readText(path: string): string | undefined;
}

/** True when two stats are the same file (device and inode). */
export function sameFile(a: FsStat, b: FsStat): boolean {
  return a.dev === b.dev && a.ino === b.ino;
}
