/**
 * The arguments of a command as the Bash analysis sees them: expanded fields
 * with how much of each is known, and the few shared constants of the rules.
 */

import type { ExpandedWord } from "./expand_word.ts";
import { type Field, fieldIsExact, fieldText } from "./shell_word.ts";

/** One argument after expansion, with where it came from. */
export interface Arg {
  readonly field: Field;
  /** Text, unknown parts as `*`. */
  readonly text: string;
  /** Fully known, and no expansion, glob or brace took part: safe to use as a command name. */
  readonly literal: boolean;
  /** Fully known (possibly through tracked variables). */
  readonly exact: boolean;
  readonly processSubstitution: boolean;
}

/** A word that expanded to nothing: still a position a command name could have come from. */
export const VANISHED: Arg = {
  field: [],
  text: "",
  exact: false,
  literal: false,
  processSubstitution: false,
};

/** The fields of expanded words as arguments; a word that vanished keeps its place. */
export function flatten(words: readonly ExpandedWord[]): Arg[] {
  return words.flatMap((word) =>
    word.fields.length === 0 && word.dynamic ? [VANISHED] : word.fields.map((field) => ({
      field,
      text: fieldText(field),
      exact: fieldIsExact(field),
      literal: !word.dynamic && fieldIsExact(field) && word.fields.length === 1 &&
        !/[{}]/.test(word.raw.replace(/'[^']*'|"[^"]*"/g, "")),
      processSubstitution: word.processSubstitution,
    }))
  );
}

/** Commands whose `-c STRING` is a shell command line (run through a shell). */
export const COMMAND_STRING_TOOLS = new Set(["script", "su", "runuser", "flock"]);

/** Names that stand for standard input (or the terminal). */
export const STDIN_NAMES = /^(?:-|\/dev\/stdin|\/dev\/fd\/\d+|\/proc\/self\/fd\/\d+|\/dev\/tty)$/;

/** Thrown to stop the walk at the first deny. */
export class Stop extends Error {}

/** An argument written literally (not from any expansion). */
export function literalArg(text: string): Arg {
  return {
    field: [{ text, glob: false }],
    text,
    exact: true,
    literal: true,
    processSubstitution: false,
  };
}

/** Deepest nesting of `sh -c` strings followed; deeper is denied. */
export const MAX_SHELL_NESTING = 8;
