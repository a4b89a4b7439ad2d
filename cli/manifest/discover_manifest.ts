/**
 * Finds the manifest to use: `--manifest FILE`, else the nearest
 * claude-bottle.json from the current folder upward, else the user's
 * $XDG_CONFIG_HOME/bottle/claude-bottle.json, else the built-in default.
 * Pure: the caller supplies the file test.
 */
import { dirname, isAbsolute, join, resolve } from "node:path";

/** The manifest file name bottle looks for. */
export const MANIFEST_NAME = "claude-bottle.json";

/** Where the manifest came from. */
export type ManifestSource =
  | { readonly kind: "flag" | "project" | "user"; readonly path: string }
  | { readonly kind: "builtin" };

/** What discovery needs to know about the process. */
export interface DiscoveryInput {
  readonly flag?: string | undefined;
  readonly cwd: string;
  readonly xdgConfigHome?: string | undefined;
  readonly home?: string | undefined;
}

/** Picks the manifest by the documented order; `isFile` is the only host access. */
export function discoverManifest(
  input: DiscoveryInput,
  isFile: (path: string) => boolean,
): ManifestSource {
  if (input.flag !== undefined) return { kind: "flag", path: resolve(input.cwd, input.flag) };
  for (let dir = resolve(input.cwd);; dir = dirname(dir)) {
    const candidate = join(dir, MANIFEST_NAME);
    if (isFile(candidate)) return { kind: "project", path: candidate };
    if (dirname(dir) === dir) break;
  }
  // The XDG spec says to ignore an empty or relative $XDG_CONFIG_HOME.
  const config = input.xdgConfigHome !== undefined && isAbsolute(input.xdgConfigHome)
    ? input.xdgConfigHome
    : input.home === undefined
    ? undefined
    : join(input.home, ".config");
  if (config !== undefined) {
    const user = join(config, "bottle", MANIFEST_NAME);
    if (isFile(user)) return { kind: "user", path: user };
  }
  return { kind: "builtin" };
}
