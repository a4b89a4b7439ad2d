/**
 * Only the two entry points touch the real process: cli/main.ts (the bottle
 * program) and cli/hook/hook_main.ts (the policy hook, a Node script of its
 * own in the image). They alone print and exit, so every command can run
 * in-process in tests and errors all pass one place.
 */
import { deepStrictEqual } from "node:assert/strict";
import { join } from "node:path";
import { ROOT, sourceFiles } from "./source_files.ts";

/** Lines of `source` that print to the real streams or exit the process. */
export function processTouches(source: string): string[] {
  const touch =
    /\bDeno\.exit\s*\(|\bconsole\.\w+\s*\(|\bDeno\.(stdout|stderr)\b|\bprocess\.exit\s*\(/;
  return source.split("\n").filter((line) => touch.test(line) && !line.trim().startsWith("//"));
}

/** The entry points: the only files that may print to the real streams or exit. */
const ENTRY_POINTS = new Set(["cli/main.ts", "cli/hook/hook_main.ts"]);

Deno.test("only the entry points print to the real streams or exit", () => {
  const offenders = ["cli", "proxy"]
    .flatMap(sourceFiles)
    .filter((f) => !f.endsWith("_test.ts") && !f.endsWith("_bench.ts") && !ENTRY_POINTS.has(f))
    .flatMap((f) =>
      processTouches(Deno.readTextFileSync(join(ROOT, f))).map((line) => `${f}: ${line.trim()}`)
    );
  deepStrictEqual(offenders, []);
});

Deno.test("the process-touch detector catches prints and exits (it can fail)", () => {
  const sample = 'console.log("x");\nDeno.exit(3);\nctx.stdout("fine");\nDeno.stderr.writeSync(b);';
  deepStrictEqual(processTouches(sample).length, 3);
});
