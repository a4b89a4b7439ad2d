import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { analyzeManifestText } from "./analyze_manifest.ts";
import {
  CLAUDE_CONFIG_DIR_IN_BOTTLE,
  GIT_EXTERNAL_DIFF_IN_BOTTLE,
  PINNED_ENV,
  START_UP_ONLY_ENV,
} from "./pinned_env.ts";
import { RESERVED_ENV, UNSAFE_ENV } from "./reserved_env.ts";
import { TEST_HOST } from "./test_host.ts";

/** The variables that make a program load code or move its config, as the threat model lists them. */
const MUST_PIN = [
  "BASH_ENV",
  "ENV",
  "NODE_OPTIONS",
  "NODE_PATH",
  "PYTHONSTARTUP",
  "PYTHONPATH",
  "PYTHONHOME",
  "PERL5OPT",
  "PERL5LIB",
  "RUBYOPT",
  "RUBYLIB",
  "LD_PRELOAD",
  "LD_LIBRARY_PATH",
  "LD_AUDIT",
  "GIT_SSH",
  "GIT_SSH_COMMAND",
  "GIT_EXEC_PATH",
  "GIT_CONFIG_GLOBAL",
  "GIT_CONFIG_SYSTEM",
  "GIT_CONFIG_COUNT",
  "GIT_ASKPASS",
  "GIT_EDITOR",
  "GIT_PAGER",
  "GIT_EXTERNAL_DIFF",
  "GIT_PROXY_COMMAND",
  "SSH_ASKPASS",
  "EDITOR",
  "VISUAL",
  "PAGER",
  "LESSOPEN",
  "LESSCLOSE",
  "PROMPT_COMMAND",
  "BROWSER",
  "CLAUDE_CODE_SHELL_PREFIX",
  "CLAUDE_CONFIG_DIR",
  "CLAUDE_ENV_FILE",
];

Deno.test("PINNED_ENV pins every variable that loads code or moves Claude Code's config", () => {
  deepStrictEqual(MUST_PIN.filter((name) => !(name in PINNED_ENV)), []);
});

Deno.test("PINNED_ENV values are off, or the one safe value where off breaks the program", () => {
  const notEmpty = Object.entries(PINNED_ENV).filter(([, value]) => value !== "");
  deepStrictEqual(Object.fromEntries(notEmpty), {
    // An empty value makes git run "" (ssh, external diff) or fail to read "" (config files);
    // the system config is bottle's own read-only file (credential helpers only).
    GIT_SSH_COMMAND: "ssh",
    GIT_CONFIG_GLOBAL: "/dev/null",
    GIT_CONFIG_SYSTEM: "/etc/bottle/gitconfig",
    GIT_CONFIG_COUNT: "0",
    GIT_EDITOR: ":",
    GIT_PAGER: "cat",
    GIT_EXTERNAL_DIFF: GIT_EXTERNAL_DIFF_IN_BOTTLE,
    PAGER: "cat",
    // Claude Code reads an empty config folder as "look in three places", the workspace too.
    CLAUDE_CONFIG_DIR: CLAUDE_CONFIG_DIR_IN_BOTTLE,
  });
  strictEqual(CLAUDE_CONFIG_DIR_IN_BOTTLE, "/home/agent/.claude");
  ok(GIT_EXTERNAL_DIFF_IN_BOTTLE.startsWith("sh /etc/bottle/"), "a root-owned read-only script");
});

Deno.test("PINNED_ENV values hold no line break (they travel in an env file too)", () => {
  for (const [name, value] of Object.entries(PINNED_ENV)) ok(!/[\n\r\0]/.test(value), name);
});

Deno.test("a manifest may set no pinned or start-up-only name", () => {
  for (const name of [...Object.keys(PINNED_ENV), ...START_UP_ONLY_ENV]) {
    ok(RESERVED_ENV.has(name) || UNSAFE_ENV.has(name), name);
  }
});

Deno.test("analyzeManifest() refuses every pinned name in env", () => {
  const names = [...Object.keys(PINNED_ENV), ...START_UP_ONLY_ENV];
  const env = Object.fromEntries(names.map((name) => [name, "x"]));
  const analysis = analyzeManifestText(JSON.stringify({ bottles: { dev: { env } } }), TEST_HOST);
  strictEqual(analysis.manifest, undefined);
  const refused = analysis.diagnostics
    .filter((d) => d.severity === "error" && ["reserved-env", "unsafe-env"].includes(d.code))
    .map((d) => d.pointer.split("/").at(-1));
  deepStrictEqual(refused.sort(), names.sort());
});
