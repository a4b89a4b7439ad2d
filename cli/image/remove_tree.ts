/**
 * Removes a temporary folder tree, but never across a mount point: a folder
 * with a file system mounted inside (debootstrap mounts /proc and /sys in its
 * target, and in some containers binds the host's /dev there) is left in
 * place, because a recursive delete would reach into the mounted file system.
 * Mounts are found like `rm --one-file-system` does, by device number, since
 * Deno does not let a program read /proc/self/mountinfo.
 */

/** What `removeTree` did. */
export interface RemoveTreeResult {
  /** Whether the folder is gone. */
  readonly removed: boolean;
  /** Mount points found inside (the reason it was kept), if any. */
  readonly mounts: readonly string[];
}

/** Removes `dir` recursively unless a mount point lies inside it. */
export async function removeTree(dir: string): Promise<RemoveTreeResult> {
  let mounts: string[];
  try {
    mounts = await mountPointsInside(dir);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return { removed: true, mounts: [] };
    throw error;
  }
  if (mounts.length > 0) return { removed: false, mounts };
  await Deno.remove(dir, { recursive: true });
  return { removed: true, mounts: [] };
}

/** Directories below `dir` on another device than `dir` itself (not descended into). */
export async function mountPointsInside(dir: string): Promise<string[]> {
  const { dev } = await Deno.lstat(dir);
  const found: string[] = [];
  const walk = async (path: string): Promise<void> => {
    for await (const entry of Deno.readDir(path)) {
      if (!entry.isDirectory) continue;
      const child = `${path}/${entry.name}`;
      if ((await Deno.lstat(child)).dev !== dev) found.push(child);
      else await walk(child);
    }
  };
  await walk(dir);
  return found;
}
