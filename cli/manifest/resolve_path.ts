/** Paths written in a manifest, made absolute. */
import { isAbsolute, join, normalize } from "node:path";

/** Resolves `~/…` against `home` and relative paths against the manifest's folder. */
export function resolveManifestPath(
  path: string,
  baseDir: string,
  home: string | undefined,
): string {
  if ((path === "~" || path.startsWith("~/")) && home !== undefined) {
    return normalize(join(home, path.slice(1)));
  }
  const absolute = isAbsolute(path) ? path : join(baseDir, path);
  const clean = normalize(absolute);
  return clean.length > 1 && clean.endsWith("/") ? clean.slice(0, -1) : clean;
}
