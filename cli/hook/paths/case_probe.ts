/**
 * Is a folder case-insensitive? A workspace shared from macOS or Windows, or
 * an ext4 folder with casefolding, opens `.env` for `.ENV`. The probe asks
 * the filesystem: does a name with its case swapped reach the same inode?
 */

import { type FsView, sameFile } from "./fs_view.ts";

/** How many entries of a folder the probe reads looking for a name with letters. */
const PROBE_ENTRIES = 64;

/**
 * True when `dir` looks up names case-insensitively; `hint` is a name to try
 * first (the one being judged). A missing folder is judged by its deepest
 * existing parent (that is where it would be created). When nothing can be
 * probed (no entry with a letter), the answer is true: fail closed.
 */
export function caseInsensitiveDir(fs: FsView, dir: string, hint?: string): boolean {
  let folder = dir;
  let name = hint;
  while (folder !== "/" && fs.lstat(folder) === undefined) {
    folder = folder.slice(0, folder.lastIndexOf("/")) || "/";
    name = undefined;
  }
  if (name === undefined || !hasCase(name) || fs.lstat(join(folder, name)) === undefined) {
    const entries = fs.readDir(folder) ?? [];
    name = entries.slice(0, PROBE_ENTRIES).find((e) => hasCase(e.name))?.name;
  }
  if (name === undefined) return true;
  const original = fs.lstat(join(folder, name));
  if (original === undefined) return true;
  const swapped = fs.lstat(join(folder, swapCase(name)));
  return swapped !== undefined && sameFile(original, swapped);
}

/** `.Env` → `.eNV`: every cased letter flipped. */
export function swapCase(name: string): string {
  return [...name].map((c) => {
    const upper = c.toUpperCase();
    return c === upper ? c.toLowerCase() : upper;
  }).join("");
}

function hasCase(name: string): boolean {
  return swapCase(name) !== name;
}

function join(dir: string, name: string): string {
  return dir === "/" ? `/${name}` : `${dir}/${name}`;
}
