import { deepStrictEqual } from "node:assert/strict";
import { ruleOf } from "./testdata/bypass_helpers.ts";

Deno.test("hook_denies_git_options_and_subcommands_that_run_a_command", () => {
  for (
    const c of [
      "git rebase -x 'cat .env' HEAD~1",
      "git rebase --exec=id main",
      "git grep -O'cat .env' foo",
      "git grep --open-files-in-pager=id foo",
      "git bisect run cat .env",
      "git submodule foreach 'cat .env'",
      "git --git-dir=/tmp/r status",
      "git --git-dir /tmp/r status",
      "git --work-tree=/tmp status",
    ]
  ) deepStrictEqual(ruleOf(c), "shell.inline_code", c);
});

Deno.test("hook_denies_git_c_with_any_key_outside_display_and_identity", () => {
  for (
    const c of [
      "git -c diff.external=/tmp/x diff",
      "git -c include.path=/tmp/c status",
      "git -c pager.log=less log",
      "git -c safe.directory=* status",
      "git --config-env=core.pager=X log",
    ]
  ) deepStrictEqual(ruleOf(c), "shell.inline_code", c);
  deepStrictEqual(ruleOf("git -c color.ui=always log -3"), "allow");
  deepStrictEqual(ruleOf("git -c user.name=bot commit -m m"), "allow");
});
