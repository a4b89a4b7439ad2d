/**
 * The lock of one bottle's state folder. A supervisor claiming the folder
 * and `gc` judging it take it in turn: `gc` asks "is the supervisor alive,
 * are run files left?" and clears them as one step, so it can never see a
 * claim half-done (files written, control socket not yet listening) and
 * remove the sockets of a bottle that is starting. The lock is the kernel's
 * (flock): a process that dies holding it releases it.
 */
import type { StateLayout } from "../bottle/state_layout.ts";

/**
 * Runs `work` holding the lock of `layout`'s folder. A folder that does not
 * exist, or that this user may not write (another user's bottle), has
 * nothing this process could change: `work` runs without the lock.
 */
export async function withStateLock<T>(layout: StateLayout, work: () => Promise<T>): Promise<T> {
  let file: Deno.FsFile;
  try {
    file = await Deno.open(layout.lockFile, { read: true, write: true, create: true, mode: 0o600 });
  } catch (error) {
    if (error instanceof Deno.errors.NotFound || error instanceof Deno.errors.PermissionDenied) {
      return await work();
    }
    throw error;
  }
  try {
    await file.lock(true);
    return await work();
  } finally {
    file.close();
  }
}
