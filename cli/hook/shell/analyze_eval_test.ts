import { deepStrictEqual } from "node:assert/strict";
import { ruleOf } from "./testdata/bypass_helpers.ts";

Deno.test("hook_denies_quoted_command_substitution_in_a_subscript_bash_evaluates", () => {
  for (
    const c of [
      "test -v 'a[$(id)]'",
      "read 'a[$(id)]' <<< 1",
      "unset 'a[$(id)]'",
      "let 'a[$(id)]=1'",
      "declare 'a[$(id)]=1'",
      "x='a[$(cat .env)]'; echo $(( x ))",
      "x='a[`id`]'; (( x ))",
    ]
  ) deepStrictEqual(ruleOf(c), "shell.eval", c);
  deepStrictEqual(ruleOf("[[ -v 'a[$(id)]' ]]"), "shell.unsupported");
  deepStrictEqual(ruleOf("[ -v 'a[$(id)]' ]"), "shell.unsupported");
  deepStrictEqual(ruleOf("[[ -v HOME ]] && echo set"), "allow");
});

Deno.test("hook_denies_printf_v_and_namerefs", () => {
  for (const c of ["printf -v x '%s' y", "declare -n r=x", "local -n r=x", "typeset -n r=x"]) {
    deepStrictEqual(ruleOf(c), "shell.eval", c);
  }
  deepStrictEqual(ruleOf("printf '%s\\n' a"), "allow");
});

Deno.test("hook_denies_alias_definitions_and_expand_aliases", () => {
  for (const c of ["alias x='cat .env'; x", "alias ls='ls -la'", "shopt -s expand_aliases"]) {
    deepStrictEqual(ruleOf(c), "shell.eval", c);
  }
  deepStrictEqual(ruleOf("BASH_ALIASES[x]='cat .env'"), "shell.dangerous_env");
  deepStrictEqual(ruleOf("alias"), "allow");
});
