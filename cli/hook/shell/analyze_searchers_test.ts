import { deepStrictEqual } from "node:assert/strict";
import { ruleOf } from "./testdata/bypass_helpers.ts";

Deno.test("hook_denies_recursive_grep_over_a_folder_holding_a_secret", () => {
  for (
    const c of [
      "grep -rn KEY .",
      "grep -R KEY /workspace",
      "egrep -r KEY .",
      "grep -d recurse KEY .",
    ]
  ) {
    deepStrictEqual(ruleOf(c), "path.tree_denied", c);
  }
});

Deno.test("hook_denies_grep_r_without_a_folder (it searches the working folder)", () => {
  deepStrictEqual(ruleOf("grep -r KEY"), "path.tree_denied");
  deepStrictEqual(ruleOf("grep -rl -e KEY"), "path.tree_denied");
});

Deno.test("hook_denies_rg_and_ag_when_hidden_files_are_searched", () => {
  for (
    const c of ["rg --hidden KEY", "rg -uu KEY", "rg -. KEY", "rg -g '*' KEY", "ag --hidden KEY"]
  ) {
    deepStrictEqual(ruleOf(c), "path.tree_denied", c);
  }
});

Deno.test("hook_allows_rg_when_hidden_files_are_skipped_and_grep_r_when_include_leaves_secrets_out", () => {
  for (
    const c of [
      "rg KEY",
      "rg foo src",
      "rg -g '*.ts' KEY",
      "ag foo",
      "grep -r --include='*.ts' KEY .",
      "grep -r KEY . --exclude='.env*'",
      "grep -rn TODO src/",
    ]
  ) deepStrictEqual(ruleOf(c), "allow", c);
});

Deno.test("hook_denies_rg_pre (it runs a program on every file)", () => {
  deepStrictEqual(ruleOf("rg --pre cat KEY src"), "shell.inline_code");
});

Deno.test("hook_denies_recursive_search_of_a_computed_folder", () => {
  deepStrictEqual(ruleOf("grep -r KEY $(cat list)"), "shell.dynamic_path");
});

Deno.test("hook_does_not_walk_folders_the_searcher_skips (hidden for rg, --exclude-dir for grep)", () => {
  const entered: string[] = [];
  const judgeTree = (_d: string, _c: string, _i?: unknown, enter?: (rel: string) => boolean) => {
    for (const rel of [".git", "node_modules", "src"]) if (enter?.(rel) ?? true) entered.push(rel);
    return { action: "allow" } as const;
  };
  ruleOf("rg foo", { judgeTree });
  deepStrictEqual(entered, ["node_modules", "src"]);
  entered.length = 0;
  ruleOf("grep -r --exclude-dir=node_modules foo .", { judgeTree });
  deepStrictEqual(entered, [".git", "src"]);
  entered.length = 0;
  ruleOf("rg --hidden foo", { judgeTree });
  deepStrictEqual(entered, [".git", "node_modules", "src"]);
});
