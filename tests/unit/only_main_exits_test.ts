/**
 * Only cli/main.ts touches the real process: it alone prints and exits, so
 * every command can run in-process in tests and errors all pass one place.
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

Deno.test("only cli/main.ts prints to the real streams or exits", () => {
  const offenders = ["cli", "proxy"]
    .flatMap(sourceFiles)
    .filter((f) => !f.endsWith("_test.ts") && !f.endsWith("_bench.ts") && f !== "cli/main.ts")
    .flatMap((f) =>
      processTouches(Deno.readTextFileSync(join(ROOT, f))).map((line) => `${f}: ${line.trim()}`)
    );
  deepStrictEqual(offenders, []);
});

Deno.test("the process-touch detector catches prints and exits (it can fail)", () => {
  const sample = 'console.log("x");\nDeno.exit(3);\nctx.stdout("fine");\nDeno.stderr.writeSync(b);';
  deepStrictEqual(processTouches(sample).length, 3);
});
