/** Splits streamed text into complete lines, keeping the unfinished tail for the next chunk. */

/** Complete lines (without their `\n`, `\r\n` or lone `\r`) and the text after the last break. */
export interface SplitLines {
  /** Lines ended by a break, in order. */
  readonly lines: string[];
  /** The text after the last break: the start of a line still being written. */
  readonly rest: string;
}

/** Splits `text` at line breaks; a lone `\r` (progress redraws) also ends a line. */
export function splitLines(text: string): SplitLines {
  const parts = text.split(/\r\n|\n|\r(?!$)/);
  const rest = parts.pop() ?? "";
  // A chunk may end between "\r" and "\n": keep the "\r" until the next chunk decides.
  return { lines: parts, rest };
}
