/**
 * The mount table (`/proc/self/mountinfo`), reduced to what the hook needs:
 * which mount a path is on and whether that mount is read-only. A read-only
 * mount cannot gain a hardlink or a changed binary while the bottle runs.
 */

/** One mount. */
export interface MountEntry {
  readonly mountPoint: string;
  readonly readOnly: boolean;
}

/**
 * Parses mountinfo text. Throws on a line it cannot read: a half-read table
 * could call a writable mount read-only.
 */
export function parseMountInfo(text: string): readonly MountEntry[] {
  const mounts: MountEntry[] = [];
  for (const line of text.split("\n")) {
    if (line.trim() === "") continue;
    const fields = line.split(" ");
    const separator = fields.indexOf("-");
    if (fields.length < 10 || separator < 6) throw new Error(`unreadable mountinfo line: ${line}`);
    const mountPoint = unescapeOctal(fields[4]!);
    if (!mountPoint.startsWith("/")) throw new Error(`unreadable mountinfo line: ${line}`);
    const options = fields[5]!.split(",");
    const superOptions = (fields[separator + 3] ?? "").split(",");
    mounts.push({ mountPoint, readOnly: options.includes("ro") || superOptions.includes("ro") });
  }
  if (mounts.length === 0) throw new Error("the mount table is empty");
  return mounts;
}

/**
 * The mount `path` (absolute, symlinks resolved) is on: the longest mount
 * point that is `path` or one of its parents; of mounts stacked on one point,
 * the last (the visible one).
 */
export function mountOf(mounts: readonly MountEntry[], path: string): MountEntry | undefined {
  let best: MountEntry | undefined;
  for (const mount of mounts) {
    const point = mount.mountPoint;
    const covers = point === "/" || path === point || path.startsWith(`${point}/`);
    if (covers && (best === undefined || point.length >= best.mountPoint.length)) best = mount;
  }
  return best;
}

/** mountinfo escapes space, tab, newline and backslash as `\\ooo`. */
function unescapeOctal(text: string): string {
  return text.replace(
    /\\([0-7]{3})/g,
    (_, octal: string) => String.fromCharCode(parseInt(octal, 8)),
  );
}
