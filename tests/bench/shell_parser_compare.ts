/**
 * Compares the two WebAssembly bash parsers the hook could use, and measures
 * the chosen one as the hook runs it (a fresh Node process per tool call):
 *
 *  1. syntax errors: each parser's parse/no-parse answer on the shell corpus
 *     plus malformed command lines, against `bash -n` (which only parses), and
 *     what each exposes of a command's structure;
 *  2. cold start in Node: process start → result, p50/p99, each parser bundled
 *     by esbuild into one .mjs with its WebAssembly embedded, with V8's default
 *     WebAssembly tiering and with `--liftoff-only`; the shell analysis itself
 *     (cli/hook/shell/mod.ts → parserFor + decideBash) on a command that needs
 *     the parser, on a plain one (with and without the no-WebAssembly fast
 *     path), and over the whole corpus; a bare Node script is the baseline;
 *  3. bundle sizes.
 *
 * Only local processes are started (node, bash -n); nothing touches the network.
 *
 * Run: `deno run -A tests/bench/shell_parser_compare.ts`
 * (BENCH_RUNS, default 40: runs per cold-start variant.)
 */
import { join } from "node:path";
import { SHELL_CORPUS } from "../../cli/hook/shell/testdata/corpus.ts";
import { bundleForNode } from "../../tools/bundle_for_node.ts";
import { npmFile, PARSER_PACKAGES } from "../../tools/npm_packages.ts";

const ROOT = new URL("../..", import.meta.url).pathname.replace(/\/$/, "");
const RUNS = Number(Deno.env.get("BENCH_RUNS") ?? 40);
const TREE_SITTER = "web-tree-sitter@0.25.10";
const GRAMMAR = "tree-sitter-bash@0.25.1";
const SH_SYNTAX = "sh-syntax@0.7.0";

/** Command lines bash itself refuses (plus a few it accepts that look odd). */
const MALFORMED = [
  "echo 'unterminated",
  'echo "unterminated',
  "if then fi",
  "ls )",
  "echo $((",
  "for x in; do",
  "case x in",
  "a && || b",
  "| cat",
  "cat <(",
  "echo ${",
  "f() {",
  "while true; do echo; ",
  "echo `unterminated",
  "[[ -f x",
];

/** Reads a file of commands (JSON) or one command from argv, parses each, prints JSON. */
const PARSE_TAIL = `
const many = process.argv[2] === "--file";
const inputs = many ? JSON.parse(readFileSync(process.argv[3], "utf8")) : [process.argv[2] ?? "echo hi"];
const out = [];
for (const text of inputs) out.push(await check(text));
console.log(JSON.stringify(many ? out : out[0]));
process.exit(0);
`;

const ENTRIES: Record<string, string> = {
  "baseline.mjs": `console.log("ok");`,
  "tree_sitter.mjs": `
import { readFileSync } from "node:fs";
import { Language, Parser } from "npm:${TREE_SITTER}";
import runtime from "npm:${TREE_SITTER}/tree-sitter.wasm";
import grammar from "npm:${GRAMMAR}/tree-sitter-bash.wasm";
await Parser.init({ wasmBinary: runtime });
const parser = new Parser();
parser.setLanguage(await Language.load(grammar));
async function check(text) {
  const tree = parser.parse(text);
  const ok = !tree.rootNode.hasError;
  const named = tree.rootNode.descendantCount;
  tree.delete();
  return { ok, named };
}
${PARSE_TAIL}`,
  "sh_syntax.mjs": `
import { readFileSync } from "node:fs";
import { getProcessor } from "npm:${SH_SYNTAX}";
import wasm from "npm:${SH_SYNTAX}/main.wasm";
const module = await WebAssembly.compile(wasm);
const processor = getProcessor((imports) => WebAssembly.instantiate(module, imports));
async function check(text) {
  try {
    const file = await processor(text, { keepComments: false });
    // What the AST exposes of the first statement's command: positions only.
    return { ok: true, command: Object.keys(file.Stmts?.[0]?.Cmd ?? {}) };
  } catch (e) {
    return { ok: false, error: String(e.message ?? e).slice(0, 80) };
  }
}
${PARSE_TAIL}`,
  "hook.mjs": hookEntry("embedded", true),
  "hook_no_fast_path.mjs": hookEntry("embedded", false),
  "hook_files.mjs": hookEntry("files", true),
};

/**
 * The shell analysis as the hook will run it (createShellParser switches V8 to
 * Liftoff itself): WebAssembly embedded, or read from files beside the bundle;
 * optionally without the fast path for plain command lines.
 */
function hookEntry(wasm: "embedded" | "files", fastPath: boolean): string {
  const load = wasm === "embedded" ? "loadShellParser" : `() => createShellParser({
    runtime: readFileSync(new URL("./tree-sitter.wasm", import.meta.url)),
    grammar: readFileSync(new URL("./tree-sitter-bash.wasm", import.meta.url)),
  })`;
  return `
import { readFileSync } from "node:fs";
import { createShellParser, decideBash, loadShellParser, parserFor } from "${ROOT}/cli/hook/shell/mod.ts";
import { FAKE_CWD, FAKE_ENV, fakeCommandJudge, fakeListDir, fakePathJudge,
  fakeTreeJudge, } from "${ROOT}/cli/hook/shell/testdata/corpus_fakes.ts";
const load = ${load};
async function check(text) {
  const parser = ${fastPath ? "await parserFor(text, load)" : "await load()"};
  return decideBash(text, {
    parser, cwd: FAKE_CWD, env: FAKE_ENV, judgePath: fakePathJudge,
    judgeTree: fakeTreeJudge, judgeCommand: fakeCommandJudge,
    listDir: fakeListDir, modes: { inlineCode: "deny" },
  });
}
${PARSE_TAIL}`;
}

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)] ?? NaN;
}

async function runNode(
  flags: readonly string[],
  script: string,
  ...args: string[]
): Promise<{ ms: number; out: string }> {
  const start = performance.now();
  const result = await new Deno.Command("node", {
    args: [...flags, script, ...args],
    stdout: "piped",
    stderr: "piped",
  })
    .output();
  const ms = performance.now() - start;
  const out = new TextDecoder().decode(result.stdout).trim();
  if (!result.success) {
    throw new Error(`${script} failed: ${new TextDecoder().decode(result.stderr)}`);
  }
  return { ms, out };
}

async function bashAccepts(command: string): Promise<boolean> {
  const result = await new Deno.Command("bash", {
    args: ["-n", "-c", command],
    stdout: "null",
    stderr: "null",
  })
    .output();
  return result.success;
}

const dir = await Deno.makeTempDir({ prefix: "shell-parser-compare-" });
try {
  // 3. Bundles.
  const sizes: Record<string, number> = {};
  for (const [name, source] of Object.entries(ENTRIES)) {
    const entry = join(dir, `entry_${name}`);
    await Deno.writeTextFile(entry, source);
    sizes[name] = await bundleForNode({ entry, outfile: join(dir, name), root: ROOT });
  }
  // hook_files.mjs reads the WebAssembly from beside itself.
  await Deno.copyFile(await npmFile(PARSER_PACKAGES.runtime), join(dir, "tree-sitter.wasm"));
  await Deno.copyFile(await npmFile(PARSER_PACKAGES.grammar), join(dir, "tree-sitter-bash.wasm"));
  console.log(
    "\n## Bundle size (esbuild, minified; hook_files.mjs reads 1.5 MiB of .wasm beside it)",
  );
  for (const [name, bytes] of Object.entries(sizes)) {
    console.log(`${name.padEnd(20)} ${(bytes / 1024).toFixed(0)} KiB`);
  }

  // 1. Syntax errors against bash -n.
  const inputs = [...SHELL_CORPUS.map((e) => e.command), ...MALFORMED];
  const inputFile = join(dir, "inputs.json");
  await Deno.writeTextFile(inputFile, JSON.stringify(inputs));
  const bash = await Promise.all(inputs.map(bashAccepts));
  console.log(
    `\n## Parse / no-parse against bash -n (${inputs.length} command lines, ${
      bash.filter((b) => !b).length
    } rejected by bash)`,
  );
  for (const parser of ["tree_sitter.mjs", "sh_syntax.mjs"]) {
    const { out } = await runNode(["--liftoff-only"], join(dir, parser), "--file", inputFile);
    const results = JSON.parse(out) as { ok: boolean; command?: string[] }[];
    const disagree = inputs.filter((_, i) => results[i]!.ok !== bash[i]);
    const missed = inputs.filter((_, i) => results[i]!.ok && !bash[i]);
    console.log(
      `${parser.padEnd(16)} agrees on ${inputs.length - disagree.length}/${inputs.length}; ` +
        `accepts ${missed.length} that bash rejects; rejects ${
          disagree.length - missed.length
        } that bash accepts`,
    );
    for (const d of disagree) console.log(`    ${JSON.stringify(d).slice(0, 90)}`);
    if (parser === "sh_syntax.mjs") {
      console.log(
        `    AST of a command as sh-syntax exposes it: ${JSON.stringify(results[0]!.command)}`,
      );
    }
  }

  // 2. Cold start, interleaved so load on the machine hits every variant alike.
  const command = 'git commit -m "$(cat msg.txt)" && npm test 2>&1 | tee /tmp/log';
  const plain = "npm run build";
  const variants: Array<[string, string[], string, string, number]> = [
    ["node, empty script", [], "baseline.mjs", command, RUNS],
    ["tree-sitter, --liftoff-only", ["--liftoff-only"], "tree_sitter.mjs", command, RUNS],
    ["sh-syntax, --liftoff-only", ["--liftoff-only"], "sh_syntax.mjs", command, RUNS],
    ["decideBash, wasm embedded", [], "hook.mjs", command, RUNS],
    ["decideBash, wasm from files", [], "hook_files.mjs", command, RUNS],
    ["decideBash, plain command", [], "hook.mjs", plain, RUNS],
    ["decideBash, plain, no fast path", [], "hook_no_fast_path.mjs", plain, RUNS],
    ["tree-sitter, default tiering", [], "tree_sitter.mjs", command, Math.ceil(RUNS / 4)],
    ["sh-syntax, default tiering", [], "sh_syntax.mjs", command, Math.ceil(RUNS / 4)],
  ];
  const times = new Map<string, number[]>(variants.map(([label]) => [label, []]));
  for (let i = 0; i < RUNS; i++) {
    for (const [label, flags, script, arg, runs] of variants) {
      if (i >= runs) continue;
      times.get(label)!.push((await runNode(flags, join(dir, script), arg)).ms);
    }
  }
  console.log(
    `\n## Cold start: process start → result, one command (${RUNS} runs; default tiering ${
      Math.ceil(RUNS / 4)
    })`,
  );
  for (const [label, values] of times) {
    console.log(
      `${label.padEnd(32)} p50 ${percentile(values, 50).toFixed(0).padStart(4)} ms   p99 ${
        percentile(values, 99).toFixed(0).padStart(4)
      } ms`,
    );
  }

  // The analysis over the whole corpus, one process per command (as the hook runs).
  for (const script of ["hook.mjs", "hook_files.mjs"]) {
    const corpusTimes: number[] = [];
    for (const entry of SHELL_CORPUS) {
      corpusTimes.push((await runNode([], join(dir, script), entry.command)).ms);
    }
    console.log(
      `\n## ${script}: decideBash over the corpus, one node process per command (${corpusTimes.length} commands)\n` +
        `p50 ${percentile(corpusTimes, 50).toFixed(0)} ms   p99 ${
          percentile(corpusTimes, 99).toFixed(0)
        } ms   ` +
        `max ${Math.max(...corpusTimes).toFixed(0)} ms`,
    );
  }
  const { out } = await runNode([], join(dir, "hook.mjs"), "cat .env");
  console.log(`\nbundled hook under node, "cat .env" → ${out}`);
} finally {
  await Deno.remove(dir, { recursive: true });
}
