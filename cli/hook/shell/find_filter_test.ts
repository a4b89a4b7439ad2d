import { deepStrictEqual } from "node:assert/strict";
import { findFilter } from "./find_filter.ts";
import { ruleOf } from "./testdata/bypass_helpers.ts";

Deno.test("findFilter() narrows only by a plain conjunction of name and path tests", () => {
  const ts = findFilter(["-type", "f", "-name", "*.ts"], ".");
  deepStrictEqual([ts("src/a.ts"), ts(".env")], [true, false]);
  const dotted = findFilter(["-name", "*"], ".");
  deepStrictEqual(dotted(".env"), true);
  const either = findFilter(["-name", "*.ts", "-o", "-name", "x"], ".");
  deepStrictEqual(either(".env"), true);
  const negated = findFilter(["!", "-name", ".env"], ".");
  deepStrictEqual(negated(".env"), true);
  const path = findFilter(["-path", "./src/*"], ".");
  deepStrictEqual([path("src/util/a.ts"), path(".env")], [true, false]);
  const insensitive = findFilter(["-iname", ".ENV"], ".");
  deepStrictEqual(insensitive(".env"), true);
});

Deno.test("hook_denies_find_exec_reader_over_a_folder_holding_a_secret", () => {
  for (
    const c of [
      "find . -type f -exec cat {} +",
      "find . -exec grep -H KEY {} \\;",
      "find /home/agent -execdir cat {} \\;",
      "find . -ok cat {} \\;",
      "find . -type f -exec sh -c 'cat \"$1\"' _ {} \\;",
      "find . -name '*.ts' -o -name x -exec cat {} +",
    ]
  ) deepStrictEqual(ruleOf(c), "path.tree_denied", c);
});

Deno.test("hook_allows_find_exec_when_the_name_filter_leaves_secrets_out_or_the_command_reads_no_bytes", () => {
  for (
    const c of [
      "find . -name '*.ts' -exec wc -l {} +",
      "find src -type f -exec grep -l foo {} +",
      "find . -type f -exec ls -la {} +",
    ]
  ) deepStrictEqual(ruleOf(c), "allow", c);
});
