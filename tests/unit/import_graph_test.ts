/**
 * Enforces the folder rules: proxy/ never imports cli/ (it receives policy as
 * plain data); extension/ imports nothing from the Deno tree (it talks to
 * bottle over LSP and `--json`); runtime code never imports tests/ or tools/.
 * And no import cycle anywhere in cli/, proxy/, tests/ or tools/ — not even one
 * made of `import type` edges: a cycle says two files are one concern or share a third.
 */
import { deepStrictEqual } from "node:assert/strict";
import { dirname, join, normalize, relative } from "node:path";
import { findCycles, importGraph } from "./import_cycles.ts";
import { importsOf, ROOT, sourceFiles } from "./source_files.ts";

interface Rule {
  readonly from: string;
  readonly forbidden: (target: string) => boolean;
  readonly why: string;
  /** Applies to runtime modules only, not to `*_test.ts` files nor to files in `testdata/`. */
  readonly runtimeOnly?: boolean;
}

const RULES: readonly Rule[] = [
  { from: "proxy", forbidden: (t) => t.startsWith("cli/"), why: "proxy/ must not import cli/" },
  {
    from: "extension",
    forbidden: (t) => !t.startsWith("extension/"),
    why: "extension/ must not import from the Deno tree",
  },
  {
    from: "cli",
    forbidden: (t) => t.startsWith("tests/") || t.startsWith("tools/"),
    why: "runtime code must not import tests/ or tools/",
    runtimeOnly: true,
  },
  {
    from: "proxy",
    forbidden: (t) => t.startsWith("tests/") || t.startsWith("tools/"),
    why: "runtime code must not import tests/ or tools/",
    runtimeOnly: true,
  },
  ...["cli", "proxy"].map((from) => ({
    from,
    forbidden: (t: string) => t.includes("/testdata/"),
    why: "runtime code must not import testdata/ (corpora and fakes for tests)",
    runtimeOnly: true,
  })),
];

/** True for tests and for the corpora and fakes only tests use. */
function isTestOnly(file: string): boolean {
  return file.endsWith("_test.ts") || file.includes("/testdata/");
}

/** Forbidden edges in `files` (given as [path, source] pairs) under `rules`. */
export function forbiddenEdges(
  files: ReadonlyArray<readonly [string, string]>,
  rules: readonly Rule[],
): string[] {
  const out: string[] = [];
  for (const [file, source] of files) {
    for (const rule of rules) {
      if (!file.startsWith(`${rule.from}/`)) continue;
      if (rule.runtimeOnly === true && isTestOnly(file)) continue;
      for (const specifier of importsOf(source)) {
        if (!specifier.startsWith(".")) continue;
        const target = relative(ROOT, normalize(join(ROOT, dirname(file), specifier)));
        if (rule.forbidden(target)) out.push(`${file} imports ${target}: ${rule.why}`);
      }
    }
  }
  return out;
}

Deno.test("import graph: no forbidden edge between folders", () => {
  const files = ["cli", "proxy", "extension"].flatMap(sourceFiles).map((f) =>
    [f, Deno.readTextFileSync(join(ROOT, f))] as const
  );
  deepStrictEqual(forbiddenEdges(files, RULES), []);
});

Deno.test("import graph: the check catches a forbidden edge (it can fail)", () => {
  const bad: Array<readonly [string, string]> = [
    ["proxy/x.ts", 'import { a } from "../cli/manifest/diagnostic.ts";'],
    ["extension/src/y.ts", 'export * from "../../proxy/egress_rule.ts";'],
    ["cli/z.ts", 'const m = await import("../tests/unit/source_files.ts");'],
    ["proxy/ok.ts", 'import { b } from "./egress_rule.ts";'],
  ];
  deepStrictEqual(forbiddenEdges(bad, RULES).length, 3);
});

Deno.test("import graph: runtime code never imports testdata/ (it can fail)", () => {
  const files: Array<readonly [string, string]> = [
    ["cli/hook/x.ts", 'import { CORPUS } from "./shell/testdata/corpus.ts";'],
    ["proxy/dlp/y.ts", 'import { s } from "./testdata/synthetic_samples.ts";'],
    ["cli/hook/shell/testdata/a.ts", 'import { f } from "./corpus_fakes.ts";'],
    ["cli/hook/z_test.ts", 'import { CORPUS } from "./shell/testdata/corpus.ts";'],
  ];
  deepStrictEqual(forbiddenEdges(files, RULES).length, 2);
});

Deno.test("import graph: no import cycle in cli/, proxy/, tests/ or tools/", () => {
  const files = ["cli", "proxy", "tests", "tools"].flatMap(sourceFiles).map((f) =>
    [f, Deno.readTextFileSync(join(ROOT, f))] as const
  );
  const cycles = findCycles(importGraph(files));
  deepStrictEqual(
    cycles,
    [],
    `import cycles (move the shared part into a module of its own):\n${cycles.join("\n")}`,
  );
});

Deno.test("import graph: the cycle finder names a cycle, type-only edges too (it can fail)", () => {
  const fake: Array<readonly [string, string]> = [
    ["cli/a.ts", 'import { b } from "./b.ts";'],
    ["cli/b.ts", 'import type { C } from "./sub/c.ts";'],
    ["cli/sub/c.ts", 'export type { A } from "../a.ts";\nimport { d } from "../d.ts";'],
    ["cli/d.ts", 'import { e } from "./e.ts";'],
    ["cli/e.ts", 'const d = await import("./d.ts");'],
    ["cli/f.ts", 'import { a } from "./a.ts"; import "./missing.ts";'],
    ["cli/g.ts", 'import { g } from "./g.ts";'],
  ];
  deepStrictEqual(findCycles(importGraph(fake)), [
    "cli/a.ts -> cli/b.ts -> cli/sub/c.ts -> cli/a.ts",
    "cli/d.ts -> cli/e.ts -> cli/d.ts",
    "cli/g.ts -> cli/g.ts",
  ]);
  deepStrictEqual(findCycles(importGraph(fake.slice(3, 4))), []);
});
