import { deepStrictEqual } from "node:assert/strict";
import { ruleOf } from "./testdata/bypass_helpers.ts";

Deno.test("hook_denies_xargs_reader_fed_by_input_it_cannot_check", () => {
  for (
    const c of [
      "echo .env | xargs cat",
      "cat list | xargs cat",
      "ls -a | xargs head",
      "xargs cat < list",
      "xargs -a list cat",
      "xargs cat",
      "git ls-files | xargs cat",
      "{ find src -name '*.ts'; echo .env; } | xargs cat",
      "echo x | xargs sh -c 'cat $0'",
    ]
  ) deepStrictEqual(ruleOf(c), "shell.xargs_input", c);
});

Deno.test("hook_judges_the_tree_of_a_find_feeding_xargs", () => {
  deepStrictEqual(ruleOf("find . -type f | xargs cat"), "path.tree_denied");
  deepStrictEqual(ruleOf("find . -name '*.ts' | xargs wc -l"), "allow");
  deepStrictEqual(ruleOf("find src -type f -print0 | xargs -0 wc -l"), "allow");
  deepStrictEqual(ruleOf("grep -rl foo src | xargs wc -l"), "allow");
  deepStrictEqual(ruleOf("rg -l foo | xargs sed -i s/a/b/"), "allow");
});

Deno.test("hook_allows_xargs_running_a_command_that_opens_no_file", () => {
  for (const c of ["ls | xargs echo", "cat list | xargs mkdir -p", "echo 1 | xargs kill"]) {
    deepStrictEqual(ruleOf(c), "allow", c);
  }
});
