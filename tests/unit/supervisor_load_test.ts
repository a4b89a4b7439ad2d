/**
 * What a supervisor loads, and when (ARCHITECTURE.md): its start loads neither
 * the command tree nor a proxy, the proxies load on their sockets' first
 * connection, and `node:zlib` loads only when a compressed body arrives. Each
 * memory saving is a module that is *not* in a static import closure, so a
 * stray static import that would undo one fails here.
 */
import { deepStrictEqual } from "node:assert/strict";
import { dirname, join, normalize } from "node:path";
import { ROOT } from "./source_files.ts";

/**
 * Specifiers `source` imports at load time: static imports and re-exports, not type-only ones;
 * with `later`, also what it may load afterwards with `import()`.
 */
function runtimeImports(source: string, later = false): string[] {
  const found: string[] = [];
  for (
    const match of source.matchAll(/\b(import|export)(\s[^'";]*?\bfrom\s*|\s*)["']([^"']+)["']/g)
  ) {
    const clause = match[2]!;
    if (/^\s*type\s/.test(clause)) continue; // erased: `import type …`, `export type …`
    found.push(match[3]!);
  }
  if (later) {
    for (const match of source.matchAll(/\bimport\s*\(\s*["']([^"']+)["']\s*\)/g)) {
      found.push(match[1]!);
    }
  }
  return found;
}

/**
 * Every module loaded with `entry` (paths relative to the root; `node:`/npm names as written);
 * with `later`, also every module it may load afterwards.
 */
function loadedWith(entry: string, read: (path: string) => string, later = false): Set<string> {
  const seen = new Set<string>();
  const queue = [entry];
  while (queue.length > 0) {
    const module = queue.pop()!;
    if (seen.has(module)) continue;
    seen.add(module);
    if (!module.endsWith(".ts")) continue;
    for (const specifier of runtimeImports(read(module), later)) {
      queue.push(
        specifier.startsWith(".") ? normalize(join(dirname(module), specifier)) : specifier,
      );
    }
  }
  return seen;
}

const readSource = (path: string) => Deno.readTextFileSync(join(ROOT, path));

function isRepoFile(path: string): boolean {
  try {
    return Deno.statSync(join(ROOT, path)).isFile;
  } catch {
    return false;
  }
}

/** Which of `modules` are loaded with `entry` (`prefix*` names every module starting with `prefix`). */
function whichLoaded(entry: string, modules: readonly string[]): string[] {
  const loaded = [...loadedWith(entry, readSource)];
  return modules.filter((m) =>
    m.endsWith("*") ? loaded.some((l) => l.startsWith(m.slice(0, -1))) : loaded.includes(m)
  );
}

/** What an idle supervisor must not hold until a bottle uses it. */
const LATER = [
  "cli/program.ts",
  "commander",
  "jsonc-parser",
  "ajv",
  "web-tree-sitter",
  "vscode-languageserver*",
  "proxy/egress/egress_proxy.ts",
  "proxy/api/api_proxy.ts",
  "proxy/dlp/scan_text.ts",
  "node:zlib",
];

Deno.test("supervisor_start_loads_neither_the_command_tree_nor_a_proxy", () => {
  deepStrictEqual(whichLoaded("cli/main.ts", LATER), []);
  deepStrictEqual(whichLoaded("cli/supervisor/supervise.ts", LATER), []);
  deepStrictEqual(whichLoaded("cli/supervisor/bottle_services.ts", LATER), []);
});

Deno.test("proxies_load_node_zlib_only_for_a_compressed_body", () => {
  deepStrictEqual(whichLoaded("proxy/egress/egress_proxy.ts", ["node:zlib"]), []);
  deepStrictEqual(whichLoaded("proxy/api/api_proxy.ts", ["node:zlib"]), []);
  // The decoder itself is where zlib is, and the test would see it.
  deepStrictEqual(whichLoaded("proxy/dlp/decode_content.ts", ["node:zlib"]), ["node:zlib"]);
});

Deno.test("supervisor_imports_no_package_so_it_runs_without_deno_json", () => {
  // From source the supervisor runs with `--no-config` (self_command.ts): a bare or npm
  // specifier anywhere it may load would not resolve.
  const packages = [...loadedWith("cli/supervisor/supervise.ts", readSource, true)]
    .filter((m) => !m.startsWith("node:") && !isRepoFile(m));
  deepStrictEqual(packages, []);
});

Deno.test("load graph: static imports and re-exports count, `import type` and `import()` do not (it can fail)", () => {
  const files: Record<string, string> = {
    "cli/a.ts":
      'import { b } from "./b.ts";\nimport type { T } from "./t.ts";\nimport "./side.ts";',
    "cli/b.ts": 'export { c } from "./sub/c.ts";\nexport type { U } from "./u.ts";',
    "cli/sub/c.ts":
      'import {\n  z,\n} from "node:zlib";\nconst later = await import("./later.ts");',
    "cli/side.ts": "",
  };
  const read = (p: string) => files[p] ?? "";
  deepStrictEqual([...loadedWith("cli/a.ts", read)].sort(), [
    "cli/a.ts",
    "cli/b.ts",
    "cli/side.ts",
    "cli/sub/c.ts",
    "node:zlib",
  ]);
  deepStrictEqual([...loadedWith("cli/a.ts", read, true)].filter((m) => m.includes("later")), [
    "cli/sub/later.ts",
  ]);
});
