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
]);

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
]);

/** Values a pager-like variable may take (`GIT_PAGER=cat git log` is everyday use). */
const PLAIN_PAGER = /^(?:cat|less(?: -[A-Za-z]+)*|more|true|)$/;

/**
 * True when assigning `value` (undefined when not known exactly) to `name`
 * in a command line could make a program run outside code.
 */
export function isDangerousAssignment(name: string, value: string | undefined): boolean {
  if (PAGER_LIKE.has(name)) return value === undefined || !PLAIN_PAGER.test(value);
  return NAMES.has(name) || PREFIXES.some((p) => name.startsWith(p));
}
