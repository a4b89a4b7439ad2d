/**
 * The command line as users and scripts see it: output, exit statuses and the
 * `--json` contract, run in-process against real files in temporary folders.
 */
import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { join } from "node:path";
import schemaJson from "../schemas/claude-bottle.schema.json" with { type: "json" };
import type { Context } from "./context.ts";
import { BottleError } from "./errors.ts";
import { formatError } from "./format_error.ts";
import { runCli } from "./program.ts";
import { VERSION } from "./version.ts";

interface Run {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

async function run(
  args: string[],
  options: { cwd?: string; env?: Record<string, string> } = {},
): Promise<Run> {
  let stdout = "";
  let stderr = "";
  const ctx: Context = {
    stdout: (t) => stdout += t,
    stderr: (t) => stderr += t,
    cwd: options.cwd ?? "/",
    env: (name) => options.env?.[name],
    interactive: false,
    confirm: () => Promise.resolve(false),
    readStdin: () => Promise.resolve(new Uint8Array()),
  };
  const code = await runCli(args, ctx);
  return { code, stdout, stderr };
}

async function withTempDir(fn: (dir: string) => Promise<void>): Promise<void> {
  const dir = await Deno.makeTempDir({ prefix: "bottle-cli-" });
  try {
    await fn(dir);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
}

const BAD = '{\n  "bottles": {\n    "dev": {\n      "egres": {}\n    }\n  }\n}\n';

Deno.test("bottle --version prints the version and exits 0", async () => {
  const r = await run(["--version"]);
  strictEqual(r.code, 0);
  strictEqual(r.stdout.trim(), VERSION);
});

Deno.test("bottle --help lists every command with an example and the exit statuses", async () => {
  const r = await run(["--help"]);
  strictEqual(r.code, 0);
  for (const name of ["validate", "schema", "init", "image"]) {
    match(r.stdout, new RegExp(`\\n  ${name}\\b`));
  }
  for (
    const example of [
      "bottle validate ",
      "bottle schema",
      "bottle init",
      "bottle image build",
      "bottle image base",
    ]
  ) {
    ok(r.stdout.includes(example), `help shows an example of ${example}`);
  }
  match(r.stdout, /Exit status: 0 ok, 1 internal error, 2 usage, 3 manifest, 4 engine, 5 denied/);
});

Deno.test("an unknown command is a usage error (exit 2) with a hint", async () => {
  const r = await run(["valdate"]);
  strictEqual(r.code, 2);
  match(r.stderr, /^bottle: unknown command 'valdate'/);
  match(r.stderr, /hint: /);
});

Deno.test("an unknown option is a usage error (exit 2), also as one JSON line", async () => {
  const r = await run(["validate", "--frobnicate", "--json"]);
  strictEqual(r.code, 2);
  const line = JSON.parse(r.stdout);
  strictEqual(line.ok, false);
  strictEqual(line.error.code, "usage.unknownOption");
});

Deno.test("bottle with no command shows help and exits 2", async () => {
  const r = await run([]);
  strictEqual(r.code, 2);
  match(r.stderr, /Usage: bottle/);
});

Deno.test("validate reports FILE:LINE:COL for each problem and exits 3", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeTextFile(join(dir, "claude-bottle.json"), BAD);
    const r = await run(["validate"], { cwd: dir });
    strictEqual(r.code, 3);
    match(r.stderr, /^using claude-bottle\.json/);
    ok(r.stdout.includes(
      'claude-bottle.json:4:7: error: unknown key "egres" in bottles.dev (did you mean "egress"?)',
    ));
    match(r.stdout, /claude-bottle\.json: 1 error, 0 warnings/);
  });
});

Deno.test("validate --json prints one line with the JSON pointer of each problem", async () => {
  await withTempDir(async (dir) => {
    const file = join(dir, "m.json");
    await Deno.writeTextFile(file, BAD);
    const r = await run(["validate", file, "--json"], { cwd: "/" });
    strictEqual(r.code, 3);
    strictEqual(r.stdout.trim().split("\n").length, 1);
    const result = JSON.parse(r.stdout);
    strictEqual(result.ok, false);
    strictEqual(result.valid, false);
    deepStrictEqual(result.diagnostics[0], {
      file,
      line: 4,
      column: 7,
      endLine: 4,
      endColumn: 14,
      severity: "error",
      code: "unknown-key",
      message: 'unknown key "egres" in bottles.dev (did you mean "egress"?)',
      pointer: "/bottles/dev/egres",
    });
  });
});

Deno.test("validate finds the nearest manifest above the current folder", async () => {
  await withTempDir(async (dir) => {
    await Deno.writeTextFile(join(dir, "claude-bottle.json"), '{ "bottles": { "up": {} } }');
    await Deno.mkdir(join(dir, "a", "b"), { recursive: true });
    const r = await run(["validate", "--json"], { cwd: join(dir, "a", "b") });
    strictEqual(r.code, 0);
    const result = JSON.parse(r.stdout);
    deepStrictEqual([result.source, result.manifest, result.bottles], [
      "project",
      join(dir, "claude-bottle.json"),
      ["up"],
    ]);
  });
});

Deno.test("validate falls back to the built-in default and says so", async () => {
  await withTempDir(async (dir) => {
    const r = await run(["validate"], { cwd: dir, env: { HOME: dir } });
    strictEqual(r.code, 0);
    match(r.stderr, /no claude-bottle\.json found; using the built-in default/);
    match(r.stdout, /valid, 1 bottle: claude/);
  });
});

Deno.test("validate of a missing file is a manifest error (exit 3) with a hint", async () => {
  const r = await run(["validate", "/nonexistent/claude-bottle.json", "--json"]);
  strictEqual(r.code, 3);
  const line = JSON.parse(r.stdout);
  strictEqual(line.error.code, "manifest.not-found");
  match(line.error.hint, /bottle init/);
});

Deno.test("validate never prints the value of a fromHost variable", async () => {
  await withTempDir(async (dir) => {
    const canary = "sk-ant-oat01-CANARY-do-not-print-0123456789";
    await Deno.writeTextFile(
      join(dir, "claude-bottle.json"),
      '{ "bottles": { "d": { "env": { "T": { "fromHost": "MY_TOKEN" } }, "auth": { "fromHost": "MY_TOKEN" } } } }',
    );
    for (const args of [["validate"], ["validate", "--json"]]) {
      const r = await run(args, { cwd: dir, env: { MY_TOKEN: canary } });
      strictEqual(r.code, 0);
      ok(!r.stdout.includes(canary) && !r.stderr.includes(canary), "the secret value leaked");
      ok(!r.stdout.includes("CANARY") && !r.stderr.includes("CANARY"), "part of the secret leaked");
    }
  });
});

Deno.test("init writes a 0600 starter that validates, and refuses to overwrite", async () => {
  await withTempDir(async (dir) => {
    const first = await run(["init"], { cwd: dir });
    strictEqual(first.code, 0);
    const file = join(dir, "claude-bottle.json");
    strictEqual((await Deno.stat(file)).mode! & 0o777, 0o600);
    const written = await Deno.readTextFile(file);
    strictEqual((await run(["validate"], { cwd: dir })).code, 0);

    const again = await run(["init", "--json"], { cwd: dir });
    strictEqual(again.code, 3);
    strictEqual(JSON.parse(again.stdout).error.code, "manifest.exists");
    strictEqual(await Deno.readTextFile(file), written, "the existing file is untouched");
  });
});

Deno.test("schema prints the JSON Schema exactly", async () => {
  const r = await run(["schema"]);
  strictEqual(r.code, 0);
  deepStrictEqual(JSON.parse(r.stdout), schemaJson);
});

Deno.test("formatError marks internal errors as bugs and shows the stack only with --debug", () => {
  const bug = new TypeError("boom");
  const plain = formatError(bug, { json: false, debug: false });
  match(plain, /^bottle: internal error: boom\nhint: this is a bug in bottle/);
  ok(!plain.includes("at "), "no stack without --debug");
  ok(formatError(bug, { json: false, debug: true }).includes("TypeError: boom\n    at "));
  const known = new BottleError("engine.down", 4, "no engine", { hint: "start dockerd" });
  deepStrictEqual(JSON.parse(formatError(known, { json: true, debug: false })), {
    ok: false,
    error: { code: "engine.down", message: "no engine", hint: "start dockerd" },
  });
});
