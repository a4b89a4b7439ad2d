/**
 * Which code points the model-channel sanitiser looks at, and under which
 * audit category each one is counted when it is removed. Every code point
 * here renders as nothing (or nearly nothing) yet reaches the model as
 * tokens, which is how instructions and data are hidden in text a person
 * reviews: Unicode tag characters spell ASCII invisibly, bidi controls make
 * text display in another order than it is read, and zero-width characters
 * carry bits between visible ones.
 *
 * Two kinds: code points removed wherever they stand ("strip"), and code
 * points real text needs in some places ("context": joiners, LRM/RLM,
 * variation selectors, the tag characters of the three subdivision flags,
 * and U+FEFF at the start of a string), decided by `keepInContext`.
 */

/** An audit category: how many code points of each kind were removed from a body. */
export type UnicodeCategory =
  /** U+E0000–E007F: tag characters (ASCII smuggling). */
  | "tag"
  /** U+202A–202E, U+2066–2069, U+061C: bidi embeddings, overrides, isolates, the Arabic letter mark. */
  | "bidi_control"
  /** U+200B, U+2060–2064, U+FEFF, U+180E, Hangul fillers, U+034F, U+17B4–17B5. */
  | "zero_width"
  /** U+200C/U+200D outside the scripts and emoji sequences that use them. */
  | "joiner"
  /** U+200E/U+200F away from right-to-left text, or repeated. */
  | "bidi_mark"
  /** U+FE00–FE0F after a character that takes none; U+E0100–E01EF always. */
  | "variation_selector"
  /** Other default-ignorable code points with no use in running text (U+2065, U+206A–206F, …). */
  | "other_ignorable"
  /** A byte sequence that is not UTF-8, replaced by U+FFFD. */
  | "invalid_utf8"
  /** A `\uD800`–`\uDFFF` escape without its partner, replaced by U+FFFD. */
  | "lone_surrogate";

/** How many code points (or bad sequences) of each category were removed or replaced. */
export type UnicodeCounts = Partial<Record<UnicodeCategory, number>>;

/** What the sanitiser does with a code point it looks at. */
export type Treatment =
  | { readonly kind: "strip"; readonly category: UnicodeCategory }
  | { readonly kind: "context"; readonly category: UnicodeCategory };

const strip = (category: UnicodeCategory): Treatment => Object.freeze({ kind: "strip", category });
const context = (category: UnicodeCategory): Treatment =>
  Object.freeze({ kind: "context", category });

const TAG = context("tag");
const BIDI_CONTROL = strip("bidi_control");
const ZERO_WIDTH = strip("zero_width");
const ZERO_WIDTH_BOM = context("zero_width");
const JOINER = context("joiner");
const BIDI_MARK = context("bidi_mark");
const SELECTOR = context("variation_selector");
const SELECTOR_ALWAYS = strip("variation_selector");
const OTHER = strip("other_ignorable");

/**
 * The treatment of `cp`, or undefined for an ordinary code point (kept as
 * is). Ordered by how often each range turns up in real text.
 */
export function classifyCodePoint(cp: number): Treatment | undefined {
  if (cp < 0x034f) return undefined;
  if (cp >= 0x2000 && cp <= 0x206f) {
    if (cp === 0x200b) return ZERO_WIDTH;
    if (cp === 0x200c || cp === 0x200d) return JOINER;
    if (cp === 0x200e || cp === 0x200f) return BIDI_MARK;
    if (cp >= 0x202a && cp <= 0x202e) return BIDI_CONTROL;
    if (cp >= 0x2060 && cp <= 0x2064) return ZERO_WIDTH;
    if (cp >= 0x2066 && cp <= 0x2069) return BIDI_CONTROL;
    // U+2065 (reserved, default-ignorable) and U+206A–206F (deprecated format controls).
    if (cp === 0x2065 || cp >= 0x206a) return OTHER;
    return undefined;
  }
  if (cp >= 0xfe00 && cp <= 0xfe0f) return SELECTOR;
  if (cp === 0xfeff) return ZERO_WIDTH_BOM;
  if (cp >= 0xe0000 && cp <= 0xe0fff) {
    if (cp <= 0xe007f) return TAG;
    if (cp >= 0xe0100 && cp <= 0xe01ef) return SELECTOR_ALWAYS;
    return OTHER;
  }
  switch (cp) {
    case 0x034f: // combining grapheme joiner
    case 0x115f: // Hangul choseong filler
    case 0x1160: // Hangul jungseong filler
    case 0x17b4: // Khmer inherent vowels, invisible and discouraged
    case 0x17b5:
    case 0x180e: // Mongolian vowel separator
    case 0x3164: // Hangul filler
    case 0xffa0: // halfwidth Hangul filler
      return ZERO_WIDTH;
    case 0x061c:
      return BIDI_CONTROL;
  }
  if (cp >= 0xfff0 && cp <= 0xfff8) return OTHER; // reserved specials, default-ignorable
  if (cp >= 0x1bca0 && cp <= 0x1bca3) return OTHER; // shorthand format controls
  if (cp >= 0x1d173 && cp <= 0x1d17a) return OTHER; // musical format controls
  return undefined;
}

/** `classifyCodePoint(cp) !== undefined` for the BMP, as a table: the scans ask for every code point. */
const WATCHED_BMP = new Uint8Array(0x10000);
for (let cp = 0; cp < 0x10000; cp++) if (classifyCodePoint(cp) !== undefined) WATCHED_BMP[cp] = 1;

/**
 * Whether the sanitiser must look at `cp` at all — the fast checks use it to
 * pass untouched any body where none occurs. Same set as `classifyCodePoint`.
 */
export function isWatched(cp: number): boolean {
  return cp < 0x10000
    ? WATCHED_BMP[cp] === 1
    : cp >= 0x1bca0 && classifyCodePoint(cp) !== undefined;
}
