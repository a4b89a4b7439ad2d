/** Lists the project's TypeScript sources for the structural tests. */
import { join, relative } from "node:path";

/** Repository root (tests run from source, never from a compiled binary). */
export const ROOT: string = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");

/** Every .ts file under `folder` (relative to the root), skipping node_modules and dist. */
export function sourceFiles(folder: string): string[] {
  const out: string[] = [];
  const walk = (dir: string): void => {
    let entries: Deno.DirEntry[];
    try {
      entries = [...Deno.readDirSync(dir)];
    } catch {
      return;
    }
    for (const entry of entries) {
      if (entry.name === "node_modules" || entry.name === "dist") continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory) walk(path);
      else if (/\.(ts|tsx|mts|cts|js|mjs)$/.test(entry.name)) out.push(relative(ROOT, path));
    }
  };
  walk(join(ROOT, folder));
  return out.sort();
}

/** Module specifiers a source file imports (static, re-exports and dynamic imports). */
export function importsOf(source: string): string[] {
  const found: string[] = [];
  const patterns = [
    /\b(?:import|export)\s[^'";]*?\bfrom\s*["']([^"']+)["']/g,
    /\bimport\s*["']([^"']+)["']/g,
    /\bimport\s*\(\s*["']([^"']+)["']\s*\)/g,
    /\brequire\s*\(\s*["']([^"']+)["']\s*\)/g,
  ];
  for (const pattern of patterns) {
    for (const match of source.matchAll(pattern)) if (match[1] !== undefined) found.push(match[1]);
  }
  return found;
}
