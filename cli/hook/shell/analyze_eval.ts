/**
 * Builtins that evaluate a string the analysis never sees as a command: an
 * array subscript is expanded — command substitution included — wherever
 * bash evaluates it (`[[ -v 'a[$(id)]' ]]`, `unset 'a[$(id)]'`, `read
 * 'a[$(id)]'`, `printf -v`, arithmetic on a variable holding `a[$(id)]`), a
 * nameref makes one name stand for another, and an alias replaces a command
 * name before the line runs. Each is refused where it can be seen.
 */

import type { Arg } from "./shell_arg.ts";

/** A string holding a command substitution: evaluated, it runs a command. */
export const HIDDEN_SUBSTITUTION = /\$\(|`/;

/** A subscript holding a command substitution (`a[$(id)]`). */
export const SUBSCRIPT_SUBSTITUTION = /\[[^\]]*(\$\(|`)/;

/** Builtins whose operands bash evaluates as names, subscripts or arithmetic. */
const EVALUATING = new Set([
  "declare",
  "typeset",
  "local",
  "readonly",
  "export",
  "read",
  "unset",
  "test",
  "[",
  "mapfile",
  "readarray",
  "let",
]);

/** Why running builtin `base` with `args` evaluates hidden code, or undefined. */
export function hiddenEvaluation(base: string, args: readonly Arg[]): string | undefined {
  if (base === "alias" && args.some((a) => a.text.includes("="))) {
    return "an alias replaces a command name with text the check does not follow; write the command out";
  }
  if (base === "shopt" && args.some((a) => a.text === "expand_aliases")) {
    return "shopt expand_aliases turns on aliases, which the check does not follow";
  }
  if (base === "printf" && args.some((a) => /^-v/.test(a.text))) {
    return "printf -v assigns to a name bash evaluates (a subscript in it runs commands); print the value instead";
  }
  if (
    ["declare", "typeset", "local", "readonly"].includes(base) &&
    args.some((a) => /^[-+][a-zA-Z]*n/.test(a.text))
  ) {
    return `${base} -n makes a name stand for another, which the check does not follow`;
  }
  if (EVALUATING.has(base) && args.some((a) => a.exact && HIDDEN_SUBSTITUTION.test(a.text))) {
    return `${base} evaluates a quoted command substitution (in a name, subscript or arithmetic)`;
  }
  return undefined;
}
