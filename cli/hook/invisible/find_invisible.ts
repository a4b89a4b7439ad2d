/**
 * Finds invisible code points in a path, command or URL: characters a person
 * reviewing the tool call cannot see, but a program reads. Tag characters
 * smuggle ASCII text, bidi controls reorder what is displayed, zero-width and
 * other default-ignorable code points split or hide words.
 */

import { describeInvisible, type InvisibleCategory } from "./invisible_names.ts";

/** One invisible code point found in a text. */
export interface InvisibleFound {
  readonly codePoint: number;
  /** Offset in UTF-16 code units, as JavaScript indexes strings. */
  readonly index: number;
  readonly category: InvisibleCategory;
  /** The Unicode name, e.g. `ZERO WIDTH SPACE`. */
  readonly name: string;
}

// Every code point describeInvisible names; the emoji exceptions are applied per match.
const CANDIDATES =
  // deno-lint-ignore no-control-regex -- control characters are among what this looks for
  /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u00AD\u034F\u061C\u115F\u1160\u17B4\u17B5\u180B-\u180F\u200B-\u200F\u2028-\u202E\u2060-\u206F\u3164\uFE00-\uFE0F\uFEFF\uFFA0\uFFF0-\uFFFB\u{1BCA0}-\u{1BCA3}\u{1D173}-\u{1D17A}\u{E0000}-\u{E0FFF}]/gu;

const ANY_CANDIDATE = new RegExp(CANDIDATES.source, "u");
const PICTOGRAPHIC = /^\p{Extended_Pictographic}$/u;
const EMOJI_MODIFIER = /^\p{Emoji_Modifier}$/u;
const KEYCAP_BASE = /^[0-9#*]$/;
const COMBINING_KEYCAP = 0x20e3;

/**
 * Every invisible code point in `text`, in order. Two visible emoji forms are
 * not reported: a text/emoji presentation selector (U+FE0E, U+FE0F) right
 * after a pictograph or a keycap base (`⚠️`, `1️⃣`), and a zero width joiner
 * between two pictographs (`👩‍💻`). A lone carriage return is reported; CR LF
 * is a line ending.
 */
export function findInvisible(text: string): readonly InvisibleFound[] {
  if (!ANY_CANDIDATE.test(text)) return [];
  const found: InvisibleFound[] = [];
  for (const match of text.matchAll(CANDIDATES)) {
    const index = match.index;
    const codePoint = match[0].codePointAt(0)!;
    if (isVisibleEmojiPart(text, index, codePoint)) continue;
    const described = describeInvisible(codePoint);
    // Unreachable while CANDIDATES and describeInvisible agree; a gap refuses rather than passes.
    const [category, name] = described ?? ["default-ignorable", "UNNAMED INVISIBLE CODE POINT"];
    found.push({ codePoint, index, category, name });
  }
  return found;
}

/** `U+200B ZERO WIDTH SPACE at 4`: how a found code point is named in a reason. */
export function formatInvisible(found: InvisibleFound): string {
  const hex = found.codePoint.toString(16).toUpperCase().padStart(4, "0");
  return `U+${hex} ${found.name} at ${found.index}`;
}

function isVisibleEmojiPart(text: string, index: number, codePoint: number): boolean {
  if (codePoint === 0x0d) return text.charCodeAt(index + 1) === 0x0a;
  const before = charBefore(text, index);
  if (codePoint === 0xfe0e || codePoint === 0xfe0f) {
    if (PICTOGRAPHIC.test(before)) return true;
    return KEYCAP_BASE.test(before) && text.codePointAt(index + 1) === COMBINING_KEYCAP;
  }
  if (codePoint === 0x200d) {
    const after = String.fromCodePoint(text.codePointAt(index + 1) ?? 0x20);
    const joinsFrom = PICTOGRAPHIC.test(before) || EMOJI_MODIFIER.test(before) ||
      (before === "\uFE0F" && PICTOGRAPHIC.test(charBefore(text, index - 1)));
    return joinsFrom && PICTOGRAPHIC.test(after);
  }
  return false;
}

/** The whole code point that ends just before `index` ("" at the start). */
function charBefore(text: string, index: number): string {
  if (index <= 0) return "";
  const low = text.charCodeAt(index - 1);
  if (low >= 0xdc00 && low <= 0xdfff && index >= 2) {
    const high = text.charCodeAt(index - 2);
    if (high >= 0xd800 && high <= 0xdbff) return text.slice(index - 2, index);
  }
  return text.slice(index - 1, index);
}
