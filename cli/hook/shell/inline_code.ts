/**
 * Programs handed to a tool on its command line that make it run other
 * programs: an awk program calling `system()`, a sed script with the `e`
 * command, a git config value that names a command, tar options that run a
 * program. Each is code the hook cannot see into, so it is refused like
 * `python3 -c`.
 */

/** Why an awk program can run commands, or undefined. */
export function awkRisk(program: string): string | undefined {
  if (/\bsystem\s*\(/.test(program)) return "the awk program calls system()";
  if (/\|\s*getline\b/.test(program)) return "the awk program reads from a command (| getline)";
  if (/\b(?:print|printf)\b[^;{}]*?\|/.test(program)) {
    return "the awk program prints into a command (print | …)";
  }
  if (/\bprint\w*\s*\|&|\|&\s*getline/.test(program)) {
    return "the awk program talks to a coprocess (|&)";
  }
  if (/\bgetline\b[^;{}]*?<\s*[^\s"]/.test(program)) {
    return "the awk program reads a file whose name is computed";
  }
  return undefined;
}

/** Files an awk program reads with `getline < "file"` (literal names only). */
export function awkReads(program: string): string[] {
  return [...program.matchAll(/\bgetline\b[^;{}]*?<\s*"([^"]+)"/g)].map((m) => m[1]!);
}

/** Files an awk program writes with `print > "file"` (literal names only). */
export function awkWrites(program: string): string[] {
  return [...program.matchAll(/\b(?:print|printf)\b[^;{}|]*?>>?\s*"([^"]+)"/g)].map((m) => m[1]!);
}

/** What a sed script does beyond editing text. */
export interface SedEffects {
  /** Why the script runs commands (`e`, or the `e` flag of `s`), if it does. */
  readonly runs?: string;
  /** Files the script writes (`w`, `W`, the `w` flag of `s`). */
  readonly writes: string[];
  /** Files the script reads (`r`, `R`). */
  readonly reads: string[];
}

/** Skips a delimited section starting after `delim`; returns the index after the closing delimiter. */
function skipDelimited(script: string, i: number, delim: string): number {
  for (; i < script.length; i++) {
    const c = script[i]!;
    if (c === "\\") i++;
    else if (c === delim) return i + 1;
    else if (c === "\n" && delim !== "\n") return i;
  }
  return i;
}

/** Reads a file name argument to the end of the line. */
function restOfLine(script: string, i: number): [string, number] {
  const end = script.indexOf("\n", i);
  const stop = end === -1 ? script.length : end;
  return [script.slice(i, stop).trim(), stop];
}

/**
 * Scans a sed script (GNU syntax) for the commands that reach outside the
 * text: `e`, `w`, `W`, `r`, `R` and the `e`/`w` flags of `s`. Good enough
 * to be conservative: an unrecognised command letter is skipped.
 */
export function sedEffects(script: string): SedEffects {
  const writes: string[] = [];
  const reads: string[] = [];
  let runs: string | undefined;
  let i = 0;
  while (i < script.length) {
    const c = script[i]!;
    if (/[\s;{}!,0-9$~+]/.test(c)) {
      i++;
      continue;
    }
    if (c === "#") {
      i = restOfLine(script, i)[1];
      continue;
    }
    if (c === "/" || c === "\\") {
      // An address regex: /re/ or \cREc, optionally followed by I or M.
      const delim = c === "/" ? "/" : script[i + 1] ?? "/";
      i = skipDelimited(script, c === "/" ? i + 1 : i + 2, delim);
      while (script[i] === "I" || script[i] === "M") i++;
      continue;
    }
    if (c === "s" || c === "y") {
      const delim = script[i + 1] ?? "/";
      i = skipDelimited(script, i + 2, delim);
      i = skipDelimited(script, i, delim);
      if (c === "s") {
        const flags = /^[gpiImMe0-9]*(w)?/.exec(script.slice(i))!;
        if (flags[0].includes("e")) runs = "the sed script runs its result as a command (s///e)";
        i += flags[0].length;
        if (flags[1] === "w") {
          const [file, next] = restOfLine(script, i);
          writes.push(file);
          i = next;
        }
      }
      continue;
    }
    if (c === "e") {
      runs = "the sed script runs a command (e)";
      i = restOfLine(script, i + 1)[1];
      continue;
    }
    if (c === "w" || c === "W" || c === "r" || c === "R") {
      const [file, next] = restOfLine(script, i + 1);
      (c === "w" || c === "W" ? writes : reads).push(file);
      i = next;
      continue;
    }
    if (c === "a" || c === "i" || c === "c") {
      i = restOfLine(script, i + 1)[1];
      continue;
    }
    if (c === "b" || c === "t" || c === "T" || c === ":") {
      const m = /^[^;\n}]*/.exec(script.slice(i + 1))!;
      i += 1 + m[0].length;
      continue;
    }
    i++;
  }
  return runs === undefined ? { writes, reads } : { runs, writes, reads };
}

/** git config keys whose value is a command git runs (or a file it loads as config). */
const GIT_COMMAND_KEYS: readonly RegExp[] = [
  /^core\.(sshcommand|pager|editor|fsmonitor|hookspath|askpass|gitproxy|alternaterefscommand|worktree)$/,
  /^sequence\.editor$/,
  /^diff\.external$/,
  /^diff\..+\.(textconv|command)$/,
  /^merge\..+\.driver$/,
  /^filter\..+\.(clean|smudge|process)$/,
  /^credential(\..+)?\.helper$/,
  /^gpg(\..+)?\.program$/,
  /^pager\..+$/,
  /^include(if\..+)?\.path$/,
  /^uploadpack\.packobjectshook$/,
  /^remote\..+\.(uploadpack|receivepack|vcs)$/,
  /^(http|https)\..*proxy.*$/,
  /^url\..+\.(insteadof|pushinsteadof)$/,
  /^protocol\..+\.allow$/,
  /^core\.(sshcommand)$/,
  /^ssh\.variant$/,
  /^man\..+\.(cmd|path)$/,
  /^web\.browser$/,
  /^browser\..+\.(cmd|path)$/,
  /^difftool\..+\.(cmd|path)$/,
  /^mergetool\..+\.(cmd|path)$/,
  /^sendemail\..+$/,
];

/** Why setting git config `key` (to `value`, when known) could run a command, or undefined. */
export function gitConfigRisk(key: string, value: string | undefined): string | undefined {
  const k = key.toLowerCase();
  if (k.startsWith("alias.")) {
    return value === undefined || value.trimStart().startsWith("!")
      ? `git alias ${key} runs a shell command`
      : undefined;
  }
  return GIT_COMMAND_KEYS.some((re) => re.test(k))
    ? `git config ${key} names a program git runs`
    : undefined;
}

/** tar options that run a program. */
const TAR_RUNS =
  /^--(checkpoint-action|to-command|use-compress-program|info-script|new-volume-script|rsh-command|rmt-command|index-file)(=|$)/;

/** Why a tar argument runs a program, or undefined. */
export function tarRisk(arg: string): string | undefined {
  if (TAR_RUNS.test(arg)) return `tar ${arg.split("=")[0]} runs a program`;
  return undefined;
}
