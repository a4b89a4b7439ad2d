/**
 * The folder a Glob pattern starts from: its segments up to the first one
 * holding a wildcard. `~/.ssh/*` lists inside `~/.ssh`, so that folder is
 * what the path policy judges.
 */

/** The literal leading folder of `pattern` ("" when the first segment is a wildcard), and whether `..` follows a wildcard. */
export function globBase(pattern: string): { readonly base: string; readonly climbs: boolean } {
  const segments = pattern.split("/");
  const first = segments.findIndex((s) => /[*?[{]/.test(s));
  if (first === -1) {
    // No wildcard: the pattern names one path; its folder is what gets listed.
    return {
      base: segments.slice(0, -1).join("/") || (pattern.startsWith("/") ? "/" : ""),
      climbs: false,
    };
  }
  const base = segments.slice(0, first).join("/") || (pattern.startsWith("/") ? "/" : "");
  return { base, climbs: segments.slice(first).includes("..") };
}
