/**
 * The sanitiser's one decision loop, over any `CodePointView`: visits the
 * code points a caller points it at (`nextHit`), and says which to cut —
 * everything `classifyCodePoint` marks "strip", the "context" ones
 * `keepInContext` does not keep, tag characters outside a recommended flag,
 * and lone surrogates (replaced by U+FFFD). Decoded strings and undecoded
 * UTF-8 tokens go through the same loop, so they are sanitised alike.
 */
import type { CodePointView } from "./code_point_view.ts";
import { classifyCodePoint, type UnicodeCounts } from "./invisible_code_points.ts";
import { FLAG_BASE, flagTagsEnd, keepInContext } from "./keep_in_context.ts";

/** A range of the view to remove, or to replace with U+FFFD when `replace`. */
export interface Cut {
  readonly start: number;
  readonly end: number;
  readonly replace: boolean;
}

function tally(counts: UnicodeCounts | undefined, category: keyof UnicodeCounts): void {
  if (counts !== undefined) counts[category] = (counts[category] ?? 0) + 1;
}

/**
 * The cuts for `view`, ascending. `nextHit(from)` gives the first position
 * at or after `from` that may hold a watched code point or a surrogate
 * (-1 for none); every position it skips must hold an ordinary code point.
 * Adds what it cuts to `counts` when given.
 */
export function invisibleCuts(
  view: CodePointView,
  nextHit: (from: number) => number,
  counts?: UnicodeCounts,
): Cut[] {
  const cuts: Cut[] = [];
  // The last code point kept, and where the text after it starts.
  let prev = -1;
  let settled = view.start;
  for (let i = view.start;;) {
    const at = nextHit(i);
    if (at === -1 || at >= view.end) return cuts;
    if (at > settled) prev = view.at(view.before(at));
    const cp = view.at(at);
    const end = view.after(at);
    i = settled = end;
    const treatment = classifyCodePoint(cp);
    if (treatment === undefined) {
      if (cp < 0xd800 || cp > 0xdfff) {
        // An ordinary code point the caller pointed at (an emoji's surrogate pair, say).
        prev = cp;
        continue;
      }
      cuts.push({ start: at, end, replace: true });
      tally(counts, "lone_surrogate");
      prev = 0xfffd;
      continue;
    }
    if (treatment.category === "tag") {
      const flagEnd = prev === FLAG_BASE ? flagTagsEnd(view, at) : -1;
      if (flagEnd !== -1) {
        i = settled = flagEnd;
        prev = view.at(view.before(flagEnd));
        continue;
      }
    } else if (treatment.kind === "context" && keepInContext(cp, prev, view, at)) {
      prev = cp;
      continue;
    }
    cuts.push({ start: at, end, replace: false });
    tally(counts, treatment.category);
  }
}
