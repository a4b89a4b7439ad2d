/**
 * ARCHITECTURE.md's invariants table names, for each security rule, the test
 * that proves it. This test fails when a named test is no longer in its file,
 * so a rule cannot lose its proof without someone noticing.
 */
import { deepStrictEqual, ok } from "node:assert/strict";

const root = new URL("../../", import.meta.url);

/** One row of the table. */
interface Invariant {
  readonly rule: string;
  readonly file: string;
  readonly test: string;
}

/** The rows between the invariants markers. */
export function invariantsOf(markdown: string): Invariant[] {
  const start = markdown.indexOf("<!-- invariants:start -->");
  const end = markdown.indexOf("<!-- invariants:end -->");
  if (start === -1 || end < start) throw new Error("ARCHITECTURE.md has no invariants table");
  return markdown.slice(start, end).split("\n")
    .filter((line) =>
      line.startsWith("| ") && !line.startsWith("| invariant") && !line.startsWith("| ---")
    )
    .map((line) => {
      const cells = line.split(" | ").map((cell) => cell.replace(/^\| |\s*\|$/g, "").trim());
      const [rule, file, test] = cells;
      if (rule === undefined || file === undefined || test === undefined || cells.length !== 3) {
        throw new Error(`invariants table: malformed row ${line}`);
      }
      return { rule, file: file.replace(/`/g, ""), test };
    });
}

/** Whether `source` declares a test (or step) whose name starts with `name`. */
export function declaresTest(source: string, name: string): boolean {
  for (const opener of ["Deno.test(", "t.step("]) {
    for (let at = source.indexOf(opener); at !== -1; at = source.indexOf(opener, at + 1)) {
      const rest = source.slice(at + opener.length).trimStart();
      const quote = rest[0];
      if ((quote === '"' || quote === "'" || quote === "`") && rest.slice(1).startsWith(name)) {
        return true;
      }
    }
  }
  return false;
}

Deno.test("every invariant in ARCHITECTURE.md names a test that exists", async () => {
  const invariants = invariantsOf(await Deno.readTextFile(new URL("ARCHITECTURE.md", root)));
  ok(invariants.length >= 20, `only ${invariants.length} invariants listed`);
  const missing: string[] = [];
  for (const { rule, file, test } of invariants) {
    let source = "";
    try {
      source = await Deno.readTextFile(new URL(file, root));
    } catch {
      missing.push(`${rule}: ${file} does not exist`);
      continue;
    }
    if (!declaresTest(source, test)) missing.push(`${rule}: ${file} has no test "${test}"`);
  }
  deepStrictEqual(missing, []);
});

Deno.test("the invariants check catches a test that disappeared (it can fail)", () => {
  const source = 'Deno.test("kept_test", () => {});\nawait t.step(`step_name (${x})`, f);\n';
  ok(declaresTest(source, "kept_test"));
  ok(declaresTest(source, "step_name"));
  ok(!declaresTest(source, "removed_test"));
  ok(!declaresTest('// Deno.test is mentioned: "removed_test"', "removed_test"));
});
