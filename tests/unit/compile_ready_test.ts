/**
 * `deno compile` embeds only what the module graph reaches. These tests make
 * sure runtime code never reads repository files at run time (which works from
 * source and breaks in the binary) and that every asset is in the graph.
 */
import { deepStrictEqual, ok } from "node:assert/strict";
import { join } from "node:path";
import { ROOT, sourceFiles } from "./source_files.ts";

/** Lines of `source` that locate files relative to the module at run time. */
export function runtimeRepoReads(source: string): string[] {
  const bad =
    /import\.meta\.(url|dirname|filename|resolve)\b|Deno\.mainModule|__dirname|__filename/;
  return source.split("\n").filter((line) => bad.test(line) && !line.trim().startsWith("//"));
}

/**
 * The one exception: from source, the detached supervisor is started as
 * `deno run … cli/main.ts`, so that module locates the entry module — to
 * execute it, never to read an asset. The compiled binary runs itself instead.
 */
const LOCATES_ENTRY_MODULE = "cli/supervisor/self_command.ts";

Deno.test("compile-ready: runtime code never reads files relative to its own module", () => {
  const offenders = ["cli", "proxy"]
    .flatMap(sourceFiles)
    .filter((f) => !f.endsWith("_test.ts") && f !== LOCATES_ENTRY_MODULE)
    .flatMap((f) =>
      runtimeRepoReads(Deno.readTextFileSync(join(ROOT, f))).map((line) => `${f}: ${line.trim()}`)
    );
  deepStrictEqual(offenders, []);
});

Deno.test("compile-ready: the detector catches a runtime read (it can fail)", () => {
  const sample = [
    'const schema = await Deno.readTextFile(new URL("../schemas/x.json", import.meta.url));',
    "const dir = import.meta.dirname;",
    "if (import.meta.main) run();",
  ].join("\n");
  deepStrictEqual(runtimeRepoReads(sample).length, 2);
});

Deno.test("compile-ready: every runtime asset is part of the module graph", async () => {
  const info = await new Deno.Command(Deno.execPath(), {
    args: ["info", "--json", "cli/main.ts"],
    cwd: ROOT,
    stdout: "piped",
    stderr: "inherit",
  }).output();
  ok(info.success, "deno info failed");
  const graph = JSON.parse(new TextDecoder().decode(info.stdout)) as {
    modules: Array<{ specifier: string }>;
  };
  const inGraph = new Set(graph.modules.map((m) => m.specifier.replace(`file://${ROOT}/`, "")));
  for (
    const asset of [
      "schemas/claude-bottle.schema.json",
      "cli/manifest/starter_manifest.jsonc",
      "images/agent/Dockerfile",
      "deno.json",
      "cli/bottle/bottle_init.sh",
      "cli/bottle/tmux.conf",
      "cli/bottle/moby_default_seccomp.generated.json",
    ]
  ) {
    ok(
      inGraph.has(asset),
      `${asset} is not imported by cli/main.ts, so deno compile would not embed it`,
    );
  }
});
