import { deepStrictEqual } from "node:assert/strict";
import { isDangerousAssignment } from "./dangerous_env.ts";

Deno.test("isDangerousAssignment() refuses loader, interpreter, git and shell start-up variables", () => {
  for (
    const name of [
      "LD_PRELOAD",
      "LD_LIBRARY_PATH",
      "LD_AUDIT",
      "LD_ANYTHING",
      "BASH_ENV",
      "ENV",
      "NODE_OPTIONS",
      "PYTHONSTARTUP",
      "PYTHONPATH",
      "PERL5OPT",
      "PERL5LIB",
      "RUBYOPT",
      "GIT_SSH_COMMAND",
      "GIT_SSH",
      "GIT_EXEC_PATH",
      "GIT_CONFIG_GLOBAL",
      "GIT_CONFIG_KEY_0",
      "PROMPT_COMMAND",
      "PATH",
      "IFS",
    ]
  ) {
    deepStrictEqual(isDangerousAssignment(name, "x"), true, name);
  }
});

Deno.test("isDangerousAssignment() allows ordinary variables and a plain pager", () => {
  for (const name of ["NODE_ENV", "CI", "FOO", "DEBUG", "LANG"]) {
    deepStrictEqual(isDangerousAssignment(name, "1"), false);
  }
  deepStrictEqual(isDangerousAssignment("GIT_PAGER", "cat"), false);
  deepStrictEqual(isDangerousAssignment("PAGER", "less -R"), false);
  deepStrictEqual(isDangerousAssignment("GIT_PAGER", "cat .env"), true);
  deepStrictEqual(isDangerousAssignment("EDITOR", undefined), true);
});
