import { deepStrictEqual, equal } from "node:assert/strict";
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

Deno.test("hook_denies_variables_that_name_programs_prompts_or_config_homes", () => {
  for (
    const name of [
      "LESSOPEN",
      "LESSCLOSE",
      "PS0",
      "PS4",
      "PROMPT_COMMAND",
      "GIT_DIR",
      "GIT_CONFIG_GLOBAL",
      "GIT_SEQUENCE_EDITOR",
      "XDG_CONFIG_HOME",
      "CURL_HOME",
      "BASH_ALIASES",
      "npm_config_script_shell",
      "NPM_CONFIG_SCRIPT_SHELL",
    ]
  ) equal(isDangerousAssignment(name, "/tmp/x", "/home/agent"), true, name);
  equal(isDangerousAssignment("BROWSER", "sh -c id"), true);
  equal(isDangerousAssignment("LESS", "+!cat .env"), true);
  equal(isDangerousAssignment("LESS", "-R"), false);
  equal(isDangerousAssignment("HOME", "/tmp/h", "/home/agent"), true);
  equal(isDangerousAssignment("HOME", "/home/agent", "/home/agent"), false);
  equal(isDangerousAssignment("NODE_ENV", "test", "/home/agent"), false);
});
