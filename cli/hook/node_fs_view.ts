/**
 * The hook's filesystem edge: the FsView the path and binary policies ask,
 * answered with `node:fs` (synchronous: one short-lived process per tool
 * call), and the SHA-256 of a file through `node:crypto`. Works under Node
 * (the bundled hook) and Deno (the tests).
 */

import { createHash } from "node:crypto";
import {
  closeSync,
  constants,
  type Dirent,
  lstatSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  readSync,
  type Stats,
} from "node:fs";
import type { FsEntry, FsKind, FsStat, FsView } from "./paths/fs_view.ts";

/** The FsView over the real filesystem. */
export function createNodeFsView(): FsView {
  return {
    lstat: (path) => missingAsUndefined(() => toStat(lstatSync(path))),
    readlink: (path) => readlinkSync(path, "utf8"),
    readDir: (path) =>
      missingAsUndefined(() =>
        readdirSync(path, { withFileTypes: true, encoding: "utf8" }).map(toEntry)
      ),
    readText: (path) => missingAsUndefined(() => readNoFollow(path)),
  };
}

const CHUNK = 1 << 20;

/**
 * Opens `path` for reading without following a symlink in its last
 * component (O_NOFOLLOW): a file swapped for a link after the policy looked
 * at it makes the open fail (ELOOP, a deny) instead of reading elsewhere.
 */
export function openNoFollow(path: string): number {
  return openSync(path, constants.O_RDONLY | constants.O_NOFOLLOW);
}

/** A whole file as UTF-8, opened with O_NOFOLLOW. */
function readNoFollow(path: string): string {
  const fd = openNoFollow(path);
  try {
    return readFileSync(fd, "utf8");
  } finally {
    closeSync(fd);
  }
}

/**
 * Hex SHA-256 of a file's bytes, read in 1 MiB chunks (a 100 MB binary is
 * never held whole). `path` is the resolved file; it is opened with
 * O_NOFOLLOW, so a symlink swapped in after resolution is not followed.
 */
export function sha256File(path: string): string {
  const hash = createHash("sha256");
  const buffer = new Uint8Array(CHUNK);
  const fd = openNoFollow(path);
  try {
    for (;;) {
      const read = readSync(fd, buffer, 0, CHUNK, null);
      if (read === 0) break;
      hash.update(buffer.subarray(0, read));
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest("hex");
}

function toStat(stats: Stats): FsStat {
  return {
    kind: kindOf(stats),
    dev: stats.dev,
    ino: stats.ino,
    nlink: stats.nlink,
    size: stats.size,
    mtimeMs: stats.mtimeMs,
    mode: stats.mode & 0o7777,
  };
}

function kindOf(stats: Stats | Dirent): FsKind {
  if (stats.isSymbolicLink()) return "symlink";
  if (stats.isFile()) return "file";
  if (stats.isDirectory()) return "dir";
  return "other";
}

function toEntry(entry: Dirent): FsEntry {
  // DT_UNKNOWN (some filesystems) answers false to every test: let the caller lstat.
  const known = entry.isSymbolicLink() || entry.isFile() || entry.isDirectory() ||
    entry.isFIFO() || entry.isSocket() || entry.isCharacterDevice() || entry.isBlockDevice();
  return { name: entry.name, kind: known ? kindOf(entry) : undefined };
}

/** ENOENT and ENOTDIR mean "not there"; every other error propagates (and denies). */
function missingAsUndefined<T>(read: () => T): T | undefined {
  try {
    return read();
  } catch (error) {
    const code = (error as { code?: unknown }).code;
    if (code === "ENOENT" || code === "ENOTDIR") return undefined;
    throw error;
  }
}
