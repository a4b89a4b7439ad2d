/**
 * Removes invisible code points from one decoded string — a string of a
 * request body the sanitiser had to decode (bad UTF-8 or an invalid escape),
 * or any text a caller holds: the cuts `invisibleCuts` decides, with lone
 * surrogates replaced by U+FFFD. The same rules as on undecoded bodies.
 * Deterministic and idempotent: the result depends on the string alone, and
 * sanitising it again changes nothing.
 */
import { utf16View } from "./code_point_view.ts";
import { classifyCodePoint, type UnicodeCounts } from "./invisible_code_points.ts";
import { invisibleCuts } from "./invisible_cuts.ts";

/**
 * Code units worth a look, as a table over the BMP: the watched code points
 * of the BMP, and every surrogate (a pair may be a watched code point of
 * planes 1 and 14; a lone one is replaced). Built from `classifyCodePoint`,
 * so the two cannot disagree.
 */
const WATCHED_UNIT = new Uint8Array(0x10000);
for (let unit = 0; unit < 0x10000; unit++) {
  const surrogate = unit >= 0xd800 && unit <= 0xdfff;
  if (surrogate || classifyCodePoint(unit) !== undefined) WATCHED_UNIT[unit] = 1;
}

/**
 * `text` without its invisible code points; adds what it removed to
 * `counts` when given. Returns `text` itself when nothing was removed.
 */
export function sanitizeText(text: string, counts?: UnicodeCounts): string {
  const n = text.length;
  const nextHit = (from: number) => {
    let at = from;
    while (at < n && WATCHED_UNIT[text.charCodeAt(at)] === 0) at++;
    return at === n ? -1 : at;
  };
  const cuts = invisibleCuts(utf16View(text), nextHit, counts);
  if (cuts.length === 0) return text;
  let out = "";
  let from = 0;
  for (const cut of cuts) {
    out += text.slice(from, cut.start) + (cut.replace ? "\uFFFD" : "");
    from = cut.end;
  }
  return out + text.slice(from);
}
