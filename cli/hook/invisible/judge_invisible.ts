/**
 * The invisible-Unicode verdicts: a path, command or URL holding a code point
 * nobody reviewing it can see is denied, and the reason names each one.
 */

import { ALLOWED, denied, type Verdict } from "../verdict.ts";
import { findInvisible, formatInvisible } from "./find_invisible.ts";

/** How many code points a reason names before it says "and N more". */
const NAMED_AT_MOST = 5;

/**
 * Denies `text` (`what` says what it is: "the command", "file_path") when it
 * holds invisible code points; the reason lists them, e.g.
 * `file_path contains invisible characters: U+200B ZERO WIDTH SPACE at 4`.
 */
export function judgeInvisible(text: string, what: string): Verdict {
  const found = findInvisible(text);
  if (found.length === 0) return ALLOWED;
  const named = found.slice(0, NAMED_AT_MOST).map(formatInvisible).join(", ");
  const more = found.length > NAMED_AT_MOST ? ` and ${found.length - NAMED_AT_MOST} more` : "";
  return denied(
    "unicode.invisible",
    `${what} contains invisible characters: ${named}${more}. Write it without them.`,
  );
}
