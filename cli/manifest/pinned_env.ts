/**
 * Environment variables that make programs load code, or move Claude Code's
 * configuration, pinned to a harmless value in every bottle's managed
 * settings. Claude Code applies the `env` of user and project settings files
 * (which a repository can carry and the agent can write) to its own process,
 * so `BASH_ENV` in a workspace's `.claude/settings.json` would otherwise be
 * sourced before every Bash call without any tool call the policy hook could
 * judge. Managed settings win over every other file, so a name listed here
 * can be set by nothing else. A manifest may not set these names either (see
 * `reserved_env.ts`): the pin would silently replace its value.
 *
 * The values were chosen by what each program does with them (checked in the
 * agent image): most programs treat an empty value as unset, but git does
 * not for some of its variables, and Claude Code reads an empty
 * `CLAUDE_CONFIG_DIR` as "work it out from three folders".
 */

import { GIT_SYSTEM_CONFIG_IN_BOTTLE } from "../bottle/git_credentials.ts";

/** Where the in-bottle Claude Code keeps its configuration (a tmpfs in the agent's home). */
export const CLAUDE_CONFIG_DIR_IN_BOTTLE = "/home/agent/.claude";

/**
 * bottle's replacement for an external diff program: git runs
 * `GIT_EXTERNAL_DIFF` for every changed file, and an empty value makes
 * `git diff` fail ("external diff died"), so the pin is a root-owned script
 * that prints the plain unified diff git would have printed.
 */
export const GIT_EXTERNAL_DIFF_IN_BOTTLE = "sh /etc/bottle/git-external-diff.sh";

/** Name → pinned value. Empty means "off" for every program that reads the name. */
export const PINNED_ENV: Readonly<Record<string, string>> = Object.freeze({
  // Shells: files sourced by non-interactive and login shells, and hooks run before prompts.
  BASH_ENV: "",
  ENV: "",
  ZDOTDIR: "",
  PROMPT_COMMAND: "",
  // Interpreters and the dynamic loader.
  NODE_OPTIONS: "",
  NODE_PATH: "",
  PYTHONSTARTUP: "",
  PYTHONPATH: "",
  PYTHONHOME: "",
  PERL5OPT: "",
  PERL5LIB: "",
  RUBYOPT: "",
  RUBYLIB: "",
  LD_PRELOAD: "",
  LD_LIBRARY_PATH: "",
  LD_AUDIT: "",
  // git: every variable that names a program to run or a config file to read. An empty
  // GIT_CONFIG_GLOBAL makes `git config --global` fail; /dev/null is an empty config (and
  // refuses writes, so the agent cannot plant a global core.pager or core.fsmonitor). The
  // system config is bottle's own, read-only (credential helpers, git_credentials.ts).
  GIT_SSH: "",
  GIT_SSH_COMMAND: "ssh",
  GIT_EXEC_PATH: "",
  GIT_CONFIG_GLOBAL: "/dev/null",
  GIT_CONFIG_SYSTEM: GIT_SYSTEM_CONFIG_IN_BOTTLE,
  GIT_CONFIG_COUNT: "0",
  GIT_CONFIG_PARAMETERS: "",
  GIT_TEMPLATE_DIR: "",
  GIT_ASKPASS: "",
  GIT_EDITOR: ":",
  GIT_PAGER: "cat",
  GIT_EXTERNAL_DIFF: GIT_EXTERNAL_DIFF_IN_BOTTLE,
  GIT_PROXY_COMMAND: "",
  // Programs other tools start: editors, pagers, password prompts, browsers.
  SSH_ASKPASS: "",
  EDITOR: "",
  VISUAL: "",
  PAGER: "cat",
  LESS: "",
  LESSOPEN: "",
  LESSCLOSE: "",
  BROWSER: "",
  // Claude Code's own: a program wrapped around every shell command, the shell it runs, a
  // script sourced before Bash calls, extra plugin folders (plugins bring hooks and MCP
  // servers), and the config folder (where shell snapshots and session-env scripts live).
  CLAUDE_CODE_SHELL_PREFIX: "",
  CLAUDE_CODE_SHELL: "",
  CLAUDE_ENV_FILE: "",
  CLAUDE_CODE_PLUGIN_DIRS: "",
  CLAUDE_CODE_PLUGIN_SEED_DIR: "",
  CLAUDE_CODE_PLUGIN_CACHE_DIR: "",
  CLAUDE_CONFIG_DIR: CLAUDE_CONFIG_DIR_IN_BOTTLE,
});

/**
 * Claude Code variables it reads only at start-up (a settings file cannot
 * change them, so they are not pinned: a wrong pin could hide the managed
 * settings themselves), but that a manifest must not set in the bottle's
 * environment: they move the managed or remote settings, or the credential
 * store.
 */
export const START_UP_ONLY_ENV: readonly string[] = Object.freeze([
  "CLAUDE_CODE_MANAGED_SETTINGS_PATH",
  "CLAUDE_CODE_REMOTE_SETTINGS_PATH",
  "CLAUDE_CODE_MOCK_REMOTE_SETTINGS",
  "CLAUDE_CODE_DISABLE_ADMIN_ENV_UNION",
  "CLAUDE_SECURESTORAGE_CONFIG_DIR",
  "CLAUDE_CODE_PROCESS_WRAPPER",
]);
