/** Paths written in a manifest, made absolute. */
import { isAbsolute, join, normalize } from "node:path";

/** Resolves `~/…` against `home` and relative paths against the manifest's folder. */
export function resolveManifestPath(
  path: string,
  baseDir: string,
  home: string | undefined,
): string {
  const absolute = (path === "~" || path.startsWith("~/")) && home !== undefined
    ? join(home, path.slice(1))
    : isAbsolute(path)
    ? path
    : join(baseDir, path);
  const clean = normalize(absolute);
  return clean.length > 1 && clean.endsWith("/") ? clean.slice(0, -1) : clean;
}
