/**
 * The code points of one string, whichever form holds them: a decoded
 * JavaScript string (UTF-16), or a JSON string token still in its bytes
 * (`jsonStringView`). The sanitiser's rules read their neighbourhood through
 * this view, so they decide the same on either.
 */

/** Read access to the code points of a string held in `[start, end)` of some buffer. */
export interface CodePointView {
  readonly start: number;
  readonly end: number;
  /** The code point starting at `i` (a lone surrogate as itself), or -1 outside the string. */
  at(i: number): number;
  /** Where the code point starting at `i` ends. */
  after(i: number): number;
  /** Where the code point ending at `i` starts, or -1 at the start of the string. */
  before(i: number): number;
}

/** A view of a whole JavaScript string. */
export function utf16View(text: string): CodePointView {
  return {
    start: 0,
    end: text.length,
    at: (i) => (i >= 0 && i < text.length ? text.codePointAt(i)! : -1),
    after: (i) => i + (text.codePointAt(i)! > 0xffff ? 2 : 1),
    before: (i) => {
      if (i <= 0) return -1;
      const low = text.charCodeAt(i - 1);
      if (low >= 0xdc00 && low <= 0xdfff && i >= 2) {
        const high = text.charCodeAt(i - 2);
        if (high >= 0xd800 && high <= 0xdbff) return i - 2;
      }
      return i - 1;
    },
  };
}
