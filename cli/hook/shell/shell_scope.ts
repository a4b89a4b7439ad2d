/**
 * What the analysis knows while it walks a command line: variable values
 * (from assignments in the command and from the environment the hook
 * inherits), the working folder after each `cd`, and the functions defined so
 * far. A value may be one of several alternatives (after `a || X=1`, X is
 * either its old value or 1) and may contain unknown parts; subshells,
 * pipeline elements and substitutions get a copy, as in bash.
 */

/** Part of a variable's value. */
export type ValuePart = { readonly text: string } | { readonly unknown: true };

/** One possible value. */
export type ValueAlt = readonly ValuePart[];

/** Every value a variable may have at this point (at least one). */
export type VarValue = readonly ValueAlt[];

/** Most alternatives kept per variable or folder; past it the value becomes unknown. */
export const MAX_ALTERNATIVES = 16;

/** A value about which nothing is known. */
export const UNKNOWN_VALUE: VarValue = [[{ unknown: true }]];

/** A value known exactly. */
export function knownValue(text: string): VarValue {
  return [[{ text }]];
}

/** The text of a value when it has exactly one alternative with no unknown part. */
export function exactValue(value: VarValue): string | undefined {
  if (value.length !== 1) return undefined;
  let out = "";
  for (const part of value[0]!) {
    if ("unknown" in part) return undefined;
    out += part.text;
  }
  return out;
}

function altKey(alt: ValueAlt): string {
  return JSON.stringify(alt);
}

/** Alternatives of both values, without duplicates; unknown past MAX_ALTERNATIVES. */
export function unionValues(
  a: VarValue | undefined,
  b: VarValue | undefined,
): VarValue | undefined {
  if (a === undefined && b === undefined) return undefined;
  a ??= knownValue("");
  b ??= knownValue("");
  const seen = new Map<string, ValueAlt>();
  for (const alt of [...a, ...b]) seen.set(altKey(alt), alt);
  return seen.size > MAX_ALTERNATIVES ? UNKNOWN_VALUE : [...seen.values()];
}

/** Names whose values bash makes up itself: never known in advance. */
const DYNAMIC_NAMES = new Set([
  "RANDOM",
  "SRANDOM",
  "SECONDS",
  "EPOCHSECONDS",
  "EPOCHREALTIME",
  "LINENO",
  "BASHPID",
  "PPID",
  "UID",
  "EUID",
  "GROUPS",
  "HOSTNAME",
  "BASH",
  "BASH_VERSION",
  "BASH_VERSINFO",
  "BASH_SOURCE",
  "BASH_COMMAND",
  "BASH_REMATCH",
  "FUNCNAME",
  "PIPESTATUS",
  "REPLY",
  "OPTARG",
  "OPTIND",
  "COLUMNS",
  "LINES",
  "SHLVL",
  "HOSTTYPE",
  "OSTYPE",
  "MACHTYPE",
  "DIRSTACK",
  "BASH_ARGV",
  "BASH_ARGC",
  "BASH_LINENO",
  "HISTCMD",
]);

/**
 * The analysis state of one shell. Mutable by design: the walker updates it
 * as the command line would, and copies it where bash forks.
 */
export class ShellScope {
  /** Variables set in the command line; `undefined` marks an unset. */
  readonly vars: Map<string, VarValue | undefined>;
  /** Every folder the shell may be in; null once a `cd` went somewhere unknown. */
  cwd: readonly string[] | null;
  /** Functions defined so far (a call to one runs no binary). */
  readonly functions: Set<string>;

  constructor(
    readonly env: Readonly<Record<string, string>>,
    cwd: readonly string[] | null,
    vars?: Map<string, VarValue | undefined>,
    functions?: Set<string>,
  ) {
    this.cwd = cwd;
    this.vars = new Map(vars);
    this.functions = new Set(functions);
  }

  /** A copy for a subshell: changes in it do not come back. */
  fork(): ShellScope {
    return new ShellScope(this.env, this.cwd, this.vars, this.functions);
  }

  /** The value of `$name` (an unset variable is the empty string, as in bash). */
  lookup(name: string): VarValue {
    if (this.vars.has(name)) return this.vars.get(name) ?? knownValue("");
    if (name === "PWD") return this.cwd?.length === 1 ? knownValue(this.cwd[0]!) : UNKNOWN_VALUE;
    if (DYNAMIC_NAMES.has(name) || !/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) return UNKNOWN_VALUE;
    const fromEnv = this.env[name];
    return knownValue(fromEnv ?? "");
  }

  /** True when `name` has a value (set in the command or in the environment). */
  isSet(name: string): boolean | undefined {
    if (this.vars.has(name)) return this.vars.get(name) !== undefined;
    if (DYNAMIC_NAMES.has(name)) return undefined;
    return this.env[name] !== undefined;
  }

  /** Records an assignment (`undefined` unsets). */
  assign(name: string, value: VarValue | undefined): void {
    this.vars.set(name, value);
  }

  /**
   * Folds in what a branch that may or may not have run did: afterwards each
   * variable and the folder may have either value.
   */
  mergeMaybe(branch: ShellScope): void {
    const names = new Set([...this.vars.keys(), ...branch.vars.keys()]);
    for (const name of names) {
      const mine = this.vars.has(name) ? this.vars.get(name) : this.lookupForMerge(name);
      const theirs = branch.vars.has(name) ? branch.vars.get(name) : branch.lookupForMerge(name);
      this.vars.set(name, unionValues(mine, theirs));
    }
    if (this.cwd === null || branch.cwd === null) {
      this.cwd = null;
    } else {
      const all = [...new Set([...this.cwd, ...branch.cwd])];
      this.cwd = all.length > MAX_ALTERNATIVES ? null : all;
    }
    for (const f of branch.functions) this.functions.add(f);
  }

  private lookupForMerge(name: string): VarValue | undefined {
    return this.isSet(name) === false ? undefined : this.lookup(name);
  }
}
