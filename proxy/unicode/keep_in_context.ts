/**
 * The code points real text needs in some places and a smuggler can use in
 * any other: each rule keeps one only where a writing system or an emoji
 * sequence calls for it, and never two in a row, so what survives carries at
 * most a bit or two per visible character instead of an unbounded payload.
 *
 * - ZWNJ (U+200C) and ZWJ (U+200D) between two letters or marks of a script
 *   that uses them (Persian and Arabic-script languages, the Indic scripts,
 *   Sinhala, Mongolian, …): Persian "می‌خواهم" needs its ZWNJ, Sinhala
 *   "ශ්‍රී" its ZWJ.
 * - ZWJ inside an emoji sequence: after a pictograph, a skin-tone modifier
 *   or VS16, and before a pictograph (👨‍👩‍👧, 🏳️‍🌈, 👩🏽‍💻).
 * - LRM/RLM (U+200E/U+200F) next to right-to-left text, looking past
 *   spaces, digits and punctuation on the same line (at most 64 code points
 *   each way), and not right after another LRM/RLM.
 * - A variation selector right after a character that takes one: VS15/VS16
 *   after an emoji-capable character (❤️, 1️⃣, ↔︎); VS1–VS3 after a CJK
 *   unified ideograph; VS1–VS14 after the other characters with standardized
 *   variants (mathematical operators, Myanmar, Phags-pa, Manichaean,
 *   Egyptian hieroglyphs, CJK and fullwidth punctuation, curly quotes,
 *   digit zero).
 * - Tag characters only as one of the three subdivision flags Unicode
 *   recommends (England, Scotland, Wales: 🏴 + tags + CANCEL TAG).
 * - U+FEFF only as the first character of a string (a file read with its
 *   byte-order mark).
 *
 * Everything else in these classes is removed.
 */

import type { CodePointView } from "./code_point_view.ts";

const MEMO_LIMIT = 4096;

/**
 * `re` as a test of one code point, memoised: the same few code points come
 * up again and again, and a property test on a fresh string costs far more
 * than a map lookup. The memo is emptied when it fills.
 */
function codePointTest(re: RegExp): (cp: number) => boolean {
  const memo = new Map<number, boolean>();
  return (cp) => {
    if (cp < 0) return false;
    let result = memo.get(cp);
    if (result === undefined) {
      result = re.test(String.fromCodePoint(cp));
      if (memo.size >= MEMO_LIMIT) memo.clear();
      memo.set(cp, result);
    }
    return result;
  };
}

/** A test for letters and marks of the given scripts (`property` is `sc` or `scx`). */
function lettersOf(property: "sc" | "scx", scripts: readonly string[]): (cp: number) => boolean {
  const classes = scripts.map((script) => `\\p{${property}=${script}}`).join("");
  return codePointTest(new RegExp(`^[[\\p{L}\\p{M}]&&[${classes}]]$`, "v"));
}

/** Scripts whose spelling uses ZWNJ/ZWJ: Arabic-script languages, Indic and other Brahmic scripts, Mongolian… */
const JOINING_SCRIPTS = [
  ...["Arab", "Syrc", "Mand", "Nkoo", "Mong", "Mani", "Phlp", "Rohg", "Sogd", "Adlm", "Phag"],
  ...["Deva", "Beng", "Guru", "Gujr", "Orya", "Taml", "Telu", "Knda", "Mlym", "Sinh", "Tibt"],
  ...["Mymr", "Khmr", "Bali", "Java", "Sund", "Tirh", "Shrd", "Takr", "Gran", "Newa", "Modi"],
  ...["Sidd", "Khoj", "Mahj", "Kthi", "Sylo", "Dogr", "Nand", "Cakm", "Limb"],
];
/** Right-to-left scripts. */
const RTL_SCRIPTS = [
  ...["Hebr", "Arab", "Syrc", "Thaa", "Nkoo", "Samr", "Mand", "Adlm", "Rohg", "Yezi", "Mend"],
];

const isJoiningLetter = lettersOf("scx", JOINING_SCRIPTS);
const isRtlLetter = lettersOf("sc", RTL_SCRIPTS);
/** What LRM/RLM may look past on the way to the text they mark: spaces, digits, punctuation, symbols. */
const isNeutral = codePointTest(/^[\p{Zs}\p{P}\p{S}\p{N}\t]$/u);
const isPictograph = codePointTest(/^\p{Extended_Pictographic}$/u);
const isEmojiModifier = codePointTest(/^\p{Emoji_Modifier}$/u);
const isEmoji = codePointTest(/^\p{Emoji}$/u);
const isIdeograph = codePointTest(/^\p{Unified_Ideograph}$/u);

const ZWNJ = 0x200c;
const ZWJ = 0x200d;
const LRM = 0x200e;
const RLM = 0x200f;
const VS1 = 0xfe00;
const VS3 = 0xfe02;
const VS14 = 0xfe0d;
const VS15 = 0xfe0e;
const VS16 = 0xfe0f;
const BLACK_FLAG = 0x1f3f4;
const CANCEL_TAG = 0xe007f;
const BOM = 0xfeff;
const LOOK_AROUND = 64;

/** The tag letters of the recommended subdivision flags (gbeng, gbsct, gbwls). */
const FLAG_TAGS: readonly string[] = ["gbeng", "gbsct", "gbwls"];

/** Characters with standardized variants other than ideographs and emoji (VS1–VS14). */
function hasStandardizedVariants(cp: number): boolean {
  return cp === 0x30 || // digit zero, short diagonal stroke form
    (cp >= 0x2018 && cp <= 0x201d) || // curly quotes
    (cp >= 0x2200 && cp <= 0x22ff) || // mathematical operators
    (cp >= 0x27c0 && cp <= 0x27ef) ||
    (cp >= 0x2980 && cp <= 0x2aff) || // supplemental mathematical operators
    (cp >= 0x3000 && cp <= 0x303f) || // CJK symbols and punctuation
    (cp >= 0xff00 && cp <= 0xff65) || // fullwidth punctuation
    (cp >= 0x1000 && cp <= 0x109f) || // Myanmar
    (cp >= 0xa9e0 && cp <= 0xa9ff) ||
    (cp >= 0xaa60 && cp <= 0xaa7f) ||
    (cp >= 0x116d0 && cp <= 0x116ff) ||
    (cp >= 0xa840 && cp <= 0xa87f) || // Phags-pa
    (cp >= 0x10ac0 && cp <= 0x10aff) || // Manichaean
    (cp >= 0x13000 && cp <= 0x1345f); // Egyptian hieroglyphs
}

/** Whether variation selector `vs` may follow `base`. */
function takesSelector(base: number, vs: number): boolean {
  if (vs >= VS15) return isEmoji(base);
  if (vs <= VS3 && isIdeograph(base)) return true;
  return vs <= VS14 && hasStandardizedVariants(base);
}

/**
 * Whether a right-to-left letter is reached from the code point at `from`
 * (itself included), stepping forward or back over neutrals only, within
 * `LOOK_AROUND` code points.
 */
function rtlNear(view: CodePointView, from: number, forward: boolean): boolean {
  for (let i = from, seen = 0; i !== -1 && i < view.end && seen < LOOK_AROUND; seen++) {
    const cp = view.at(i);
    if (isRtlLetter(cp)) return true;
    if (!isNeutral(cp)) return false;
    i = forward ? view.after(i) : view.before(i);
  }
  return false;
}

/**
 * Where the tag run at `at` ends when it is one of the recommended
 * subdivision flags (three to five tag letters and CANCEL TAG), else -1.
 */
export function flagTagsEnd(view: CodePointView, at: number): number {
  for (const letters of FLAG_TAGS) {
    let i = at;
    for (const letter of letters) {
      if (view.at(i) !== 0xe0000 + letter.charCodeAt(0)) {
        i = -1;
        break;
      }
      i = view.after(i);
    }
    if (i !== -1 && view.at(i) === CANCEL_TAG) return view.after(i);
  }
  return -1;
}

/**
 * Whether the context code point `cp` at `index` stays. `prev` is the last
 * code point kept before it (-1 at the start of the string). Tag characters
 * are decided by the caller through `flagTagsEnd`.
 */
export function keepInContext(
  cp: number,
  prev: number,
  view: CodePointView,
  index: number,
): boolean {
  switch (cp) {
    case ZWNJ:
      return isJoiningLetter(prev) && isJoiningLetter(view.at(view.after(index)));
    case ZWJ: {
      const next = view.at(view.after(index));
      return (isJoiningLetter(prev) && isJoiningLetter(next)) ||
        ((isPictograph(prev) || isEmojiModifier(prev) || prev === VS16) && isPictograph(next));
    }
    case LRM:
    case RLM:
      return prev !== LRM && prev !== RLM &&
        (rtlNear(view, view.before(index), false) || rtlNear(view, view.after(index), true));
    case BOM:
      return index === view.start;
  }
  if (cp >= VS1 && cp <= VS16) return prev >= 0 && takesSelector(prev, cp);
  return false;
}

/** The code point tag runs of recommended flags follow. */
export const FLAG_BASE = BLACK_FLAG;
