/**
 * Variables that make programs load or run outside code (or change which
 * binary a name runs). Setting one in a command line — `LD_PRELOAD=x ls`,
 * `export BASH_ENV=…`, `env NODE_OPTIONS=… node` — would let a command that
 * looks harmless run anything, so the shell analysis denies it.
 */

const NAMES = new Set([
  "LD_PRELOAD",
  "LD_LIBRARY_PATH",
  "LD_AUDIT",
  "BASH_ENV",
  "ENV",
  "NODE_OPTIONS",
  "NODE_PATH",
  "PYTHONSTARTUP",
  "PYTHONPATH",
  "PYTHONHOME",
  "PYTHONINSPECT",
  "PERL5OPT",
  "PERL5LIB",
  "PERLLIB",
  "RUBYOPT",
  "RUBYLIB",
  "GIT_SSH_COMMAND",
  "GIT_SSH",
  "GIT_EXEC_PATH",
  "GIT_ASKPASS",
  "GIT_EDITOR",
  "GIT_PAGER",
  "GIT_EXTERNAL_DIFF",
  "GIT_PROXY_COMMAND",
  "PROMPT_COMMAND",
  "PATH",
  "IFS",
  "SHELLOPTS",
  "BASHOPTS",
  "CDPATH",
  "SSH_ASKPASS",
  // less runs these as commands on every file it opens.
  "LESSOPEN",
  "LESSCLOSE",
  // Prompt strings are expanded (with command substitution) by `bash -i` and `set -x`.
  "PS0",
  "PS1",
  "PS2",
  "PS4",
  // The shell's alias and command-path tables.
  "BASH_ALIASES",
  "BASH_CMDS",
  "BASH_LOADABLES_PATH",
  // Where git, curl, wget and zsh read their configuration: a planted file there runs programs.
  "GIT_DIR",
  "GIT_COMMON_DIR",
  "GIT_WORK_TREE",
  "GIT_TEMPLATE_DIR",
  "XDG_CONFIG_HOME",
  "XDG_CONFIG_DIRS",
  "CURL_HOME",
  "WGETRC",
  "ZDOTDIR",
  "INPUTRC",
]);

/** npm settings (as npm_config_* variables, any case) that name a program or a config file. */
const NPM_CONFIG =
  /^npm_config_(script_shell|shell|node_options|git|editor|browser|viewer|userconfig|globalconfig|onload_script|prefix|init_module)$/i;

/** Prefixes of whole families (`LD_*` covers the loader's other switches, `GIT_CONFIG*` every config override). */
const PREFIXES = ["LD_", "GIT_CONFIG", "BASH_FUNC_", "DYLD_"];

/** Variables naming a program run through the shell; harmless when they name a plain pager. */
const PAGER_LIKE = new Set([
  "PAGER",
  "GIT_PAGER",
  "MANPAGER",
  "SYSTEMD_PAGER",
  "EDITOR",
  "VISUAL",
  "GIT_EDITOR",
  "GIT_SEQUENCE_EDITOR",
  "BROWSER",
]);

/** Values a pager-like variable may take (`GIT_PAGER=cat git log` is everyday use). */
const PLAIN_PAGER = /^(?:cat|less(?: -[A-Za-z]+)*|more|true|)$/;

/**
 * True when assigning `value` (undefined when not known exactly) to `name`
 * in a command line could make a program run outside code. `home` is the
 * home folder the command inherits: `HOME` may only be set to it (another
 * home means another `.gitconfig`, `.curlrc`, `.npmrc` that may be planted).
 */
export function isDangerousAssignment(
  name: string,
  value: string | undefined,
  home?: string,
): boolean {
  if (PAGER_LIKE.has(name)) return value === undefined || !PLAIN_PAGER.test(value);
  // less options are flags; `+cmd` runs less commands (`!` reaches a shell).
  if (name === "LESS") return value === undefined || !/^[-A-Za-z0-9 ]*$/.test(value);
  if (name === "HOME") {
    return value === undefined || (value !== "~" && value.replace(/\/+$/, "") !== home);
  }
  if (NPM_CONFIG.test(name)) return true;
  return NAMES.has(name) || PREFIXES.some((p) => name.startsWith(p));
}
