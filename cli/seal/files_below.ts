/**
 * The regular files below a folder, bounded: the seal's hardlink search and
 * the supervisor's reading of masked folders both walk small trees this way.
 * Symlinks are not followed; unreadable folders are passed over (what this
 * user cannot read, the bottle's user cannot either).
 */
import { join } from "node:path";

/** Regular files below `folder` (paths relative to it), at most `max`. */
export function filesBelow(folder: string, max: number): string[] {
  const files: string[] = [];
  const stack = [""];
  while (stack.length > 0 && files.length < max) {
    const relative = stack.pop()!;
    try {
      for (const entry of Deno.readDirSync(relative === "" ? folder : join(folder, relative))) {
        const path = relative === "" ? entry.name : `${relative}/${entry.name}`;
        if (entry.isDirectory) stack.push(path);
        else if (entry.isFile) files.push(path);
      }
    } catch {
      // Unreadable here is unreadable in the bottle too.
    }
  }
  return files.slice(0, max);
}
