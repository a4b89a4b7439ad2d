/**
 * What a builtin changes in the shell's state as the walk goes on: the
 * working folder (`cd`, `pushd`, `popd`) and variables whose new value
 * nobody can know in advance (`read`, `mapfile`, `getopts`, `printf -v`).
 */
import type { ExpandedWord } from "./expand_word.ts";
import { resolveIn } from "./resolve_in.ts";
import { exactValue, MAX_ALTERNATIVES, type ShellScope, UNKNOWN_VALUE } from "./shell_scope.ts";
import { fieldIsExact, fieldText } from "./shell_word.ts";

/** What builtins change in the shell's state: the folder, and variables set by `read` and friends. */
export function builtinEffects(words: readonly ExpandedWord[], scope: ShellScope): void {
  const name = words[0]?.fields[0];
  if (name === undefined || !fieldIsExact(name)) return;
  const cmd = fieldText(name);
  const args = words.slice(1).flatMap((w) => w.fields);
  if (cmd === "cd" || cmd === "pushd") {
    const operands = args.filter((f) => !/^-[LPe@]+$/.test(fieldText(f)));
    const target = operands[0];
    const home = exactValue(scope.lookup("HOME"));
    if (target === undefined) {
      scope.cwd = cmd === "cd" && home !== undefined ? [home] : null;
    } else if (fieldIsExact(target) && fieldText(target) !== "-" && scope.cwd !== null) {
      const to = fieldText(target);
      // A cd may fail and leave the shell where it was: keep both.
      const all = [...new Set([...scope.cwd, ...scope.cwd.map((c) => resolveIn(c, to))])];
      scope.cwd = all.length > MAX_ALTERNATIVES ? null : all;
    } else {
      scope.cwd = null;
    }
    return;
  }
  if (cmd === "popd") {
    scope.cwd = null;
    return;
  }
  if (
    cmd === "read" || cmd === "mapfile" || cmd === "readarray" || cmd === "getopts" ||
    cmd === "printf"
  ) {
    // Every name-looking operand may receive a value nobody can know in advance.
    for (const f of args) {
      const t = fieldText(f);
      if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(t)) scope.assign(t, UNKNOWN_VALUE);
    }
  }
}
