/**
 * Names and categories of the code points the invisible-Unicode check
 * refuses: the reason shown to the model names each one (`U+200B ZERO WIDTH
 * SPACE`), so a person reading the audit log sees what was hidden.
 */

/** Why a code point is refused: what kind of invisible character it is. */
export type InvisibleCategory =
  | "tag"
  | "bidi"
  | "zero-width"
  | "variation-selector"
  | "default-ignorable"
  | "control"
  | "separator"
  | "annotation";

const SINGLE: ReadonlyMap<number, readonly [InvisibleCategory, string]> = new Map([
  [0x00ad, ["default-ignorable", "SOFT HYPHEN"]],
  [0x034f, ["default-ignorable", "COMBINING GRAPHEME JOINER"]],
  [0x061c, ["bidi", "ARABIC LETTER MARK"]],
  [0x115f, ["default-ignorable", "HANGUL CHOSEONG FILLER"]],
  [0x1160, ["default-ignorable", "HANGUL JUNGSEONG FILLER"]],
  [0x17b4, ["default-ignorable", "KHMER VOWEL INHERENT AQ"]],
  [0x17b5, ["default-ignorable", "KHMER VOWEL INHERENT AA"]],
  [0x180b, ["variation-selector", "MONGOLIAN FREE VARIATION SELECTOR ONE"]],
  [0x180c, ["variation-selector", "MONGOLIAN FREE VARIATION SELECTOR TWO"]],
  [0x180d, ["variation-selector", "MONGOLIAN FREE VARIATION SELECTOR THREE"]],
  [0x180e, ["zero-width", "MONGOLIAN VOWEL SEPARATOR"]],
  [0x180f, ["variation-selector", "MONGOLIAN FREE VARIATION SELECTOR FOUR"]],
  [0x200b, ["zero-width", "ZERO WIDTH SPACE"]],
  [0x200c, ["zero-width", "ZERO WIDTH NON-JOINER"]],
  [0x200d, ["zero-width", "ZERO WIDTH JOINER"]],
  [0x200e, ["bidi", "LEFT-TO-RIGHT MARK"]],
  [0x200f, ["bidi", "RIGHT-TO-LEFT MARK"]],
  [0x2028, ["separator", "LINE SEPARATOR"]],
  [0x2029, ["separator", "PARAGRAPH SEPARATOR"]],
  [0x202a, ["bidi", "LEFT-TO-RIGHT EMBEDDING"]],
  [0x202b, ["bidi", "RIGHT-TO-LEFT EMBEDDING"]],
  [0x202c, ["bidi", "POP DIRECTIONAL FORMATTING"]],
  [0x202d, ["bidi", "LEFT-TO-RIGHT OVERRIDE"]],
  [0x202e, ["bidi", "RIGHT-TO-LEFT OVERRIDE"]],
  [0x2060, ["zero-width", "WORD JOINER"]],
  [0x2061, ["default-ignorable", "FUNCTION APPLICATION"]],
  [0x2062, ["default-ignorable", "INVISIBLE TIMES"]],
  [0x2063, ["default-ignorable", "INVISIBLE SEPARATOR"]],
  [0x2064, ["default-ignorable", "INVISIBLE PLUS"]],
  [0x2066, ["bidi", "LEFT-TO-RIGHT ISOLATE"]],
  [0x2067, ["bidi", "RIGHT-TO-LEFT ISOLATE"]],
  [0x2068, ["bidi", "FIRST STRONG ISOLATE"]],
  [0x2069, ["bidi", "POP DIRECTIONAL ISOLATE"]],
  [0x206a, ["default-ignorable", "INHIBIT SYMMETRIC SWAPPING"]],
  [0x206b, ["default-ignorable", "ACTIVATE SYMMETRIC SWAPPING"]],
  [0x206c, ["default-ignorable", "INHIBIT ARABIC FORM SHAPING"]],
  [0x206d, ["default-ignorable", "ACTIVATE ARABIC FORM SHAPING"]],
  [0x206e, ["default-ignorable", "NATIONAL DIGIT SHAPES"]],
  [0x206f, ["default-ignorable", "NOMINAL DIGIT SHAPES"]],
  [0x3164, ["default-ignorable", "HANGUL FILLER"]],
  [0xfeff, ["zero-width", "ZERO WIDTH NO-BREAK SPACE"]],
  [0xffa0, ["default-ignorable", "HALFWIDTH HANGUL FILLER"]],
  [0xfff9, ["annotation", "INTERLINEAR ANNOTATION ANCHOR"]],
  [0xfffa, ["annotation", "INTERLINEAR ANNOTATION SEPARATOR"]],
  [0xfffb, ["annotation", "INTERLINEAR ANNOTATION TERMINATOR"]],
  [0x1bca0, ["default-ignorable", "SHORTHAND FORMAT LETTER OVERLAP"]],
  [0x1bca1, ["default-ignorable", "SHORTHAND FORMAT CONTINUING OVERLAP"]],
  [0x1bca2, ["default-ignorable", "SHORTHAND FORMAT DOWN STEP"]],
  [0x1bca3, ["default-ignorable", "SHORTHAND FORMAT UP STEP"]],
  [0xe0001, ["tag", "LANGUAGE TAG"]],
  [0xe007f, ["tag", "CANCEL TAG"]],
]);

const CONTROL_NAMES: ReadonlyMap<number, string> = new Map([
  [0x00, "NULL"],
  [0x07, "BELL"],
  [0x08, "BACKSPACE"],
  [0x0b, "LINE TABULATION"],
  [0x0c, "FORM FEED"],
  [0x0d, "CARRIAGE RETURN"],
  [0x1b, "ESCAPE"],
  [0x7f, "DELETE"],
  [0x85, "NEXT LINE"],
  [0x9b, "CONTROL SEQUENCE INTRODUCER"],
]);

const MUSICAL = ["BEGIN BEAM", "END BEAM", "BEGIN TIE", "END TIE", "BEGIN SLUR", "END SLUR"];
const PHRASE = ["BEGIN PHRASE", "END PHRASE"];

const ASCII_PUNCTUATION: ReadonlyMap<string, string> = new Map([
  [" ", "SPACE"],
  ["!", "EXCLAMATION MARK"],
  ['"', "QUOTATION MARK"],
  ["#", "NUMBER SIGN"],
  ["$", "DOLLAR SIGN"],
  ["%", "PERCENT SIGN"],
  ["&", "AMPERSAND"],
  ["'", "APOSTROPHE"],
  ["(", "LEFT PARENTHESIS"],
  [")", "RIGHT PARENTHESIS"],
  ["*", "ASTERISK"],
  ["+", "PLUS SIGN"],
  [",", "COMMA"],
  ["-", "HYPHEN-MINUS"],
  [".", "FULL STOP"],
  ["/", "SOLIDUS"],
  [":", "COLON"],
  [";", "SEMICOLON"],
  ["<", "LESS-THAN SIGN"],
  ["=", "EQUALS SIGN"],
  [">", "GREATER-THAN SIGN"],
  ["?", "QUESTION MARK"],
  ["@", "COMMERCIAL AT"],
  ["[", "LEFT SQUARE BRACKET"],
  ["\\", "REVERSE SOLIDUS"],
  ["]", "RIGHT SQUARE BRACKET"],
  ["^", "CIRCUMFLEX ACCENT"],
  ["_", "LOW LINE"],
  ["`", "GRAVE ACCENT"],
  ["{", "LEFT CURLY BRACKET"],
  ["|", "VERTICAL LINE"],
  ["}", "RIGHT CURLY BRACKET"],
  ["~", "TILDE"],
]);

const DIGITS = ["ZERO", "ONE", "TWO", "THREE", "FOUR", "FIVE", "SIX", "SEVEN", "EIGHT", "NINE"];

/**
 * The category and Unicode name of a refused code point, or undefined when
 * the code point is not one the check refuses.
 */
export function describeInvisible(
  codePoint: number,
): readonly [InvisibleCategory, string] | undefined {
  const single = SINGLE.get(codePoint);
  if (single !== undefined) return single;
  if (isControl(codePoint)) {
    return ["control", CONTROL_NAMES.get(codePoint) ?? "CONTROL CHARACTER"];
  }
  if (codePoint >= 0xfe00 && codePoint <= 0xfe0f) {
    return ["variation-selector", `VARIATION SELECTOR-${codePoint - 0xfe00 + 1}`];
  }
  if (codePoint >= 0xe0100 && codePoint <= 0xe01ef) {
    return ["variation-selector", `VARIATION SELECTOR-${codePoint - 0xe0100 + 17}`];
  }
  if (codePoint >= 0xe0020 && codePoint <= 0xe007e) return ["tag", tagName(codePoint - 0xe0000)];
  if (codePoint >= 0x1d173 && codePoint <= 0x1d178) {
    return ["default-ignorable", `MUSICAL SYMBOL ${MUSICAL[codePoint - 0x1d173]}`];
  }
  if (codePoint >= 0x1d179 && codePoint <= 0x1d17a) {
    return ["default-ignorable", `MUSICAL SYMBOL ${PHRASE[codePoint - 0x1d179]}`];
  }
  if (
    codePoint === 0x2065 || (codePoint >= 0xfff0 && codePoint <= 0xfff8) ||
    (codePoint >= 0xe0000 && codePoint <= 0xe0fff)
  ) {
    return ["default-ignorable", "RESERVED DEFAULT-IGNORABLE CODE POINT"];
  }
  return undefined;
}

/** C0 controls but tab and line feed, DEL and C1 controls (a lone CR is a control too). */
function isControl(codePoint: number): boolean {
  if (codePoint === 0x09 || codePoint === 0x0a) return false;
  return codePoint < 0x20 || (codePoint >= 0x7f && codePoint <= 0x9f);
}

/** `TAG LATIN SMALL LETTER A` and friends: the hidden ASCII a tag character spells. */
function tagName(ascii: number): string {
  const char = String.fromCharCode(ascii);
  if (/[a-z]/.test(char)) return `TAG LATIN SMALL LETTER ${char.toUpperCase()}`;
  if (/[A-Z]/.test(char)) return `TAG LATIN CAPITAL LETTER ${char}`;
  if (/[0-9]/.test(char)) return `TAG DIGIT ${DIGITS[ascii - 0x30]}`;
  return `TAG ${ASCII_PUNCTUATION.get(char) ?? "CHARACTER"}`;
}
