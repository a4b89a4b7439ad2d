/**
 * The canary scan: every known secret, in every spelling, in one pass whose
 * cost per byte does not depend on how many secrets there are.
 */
import {
  type CanarySet,
  type CanaryTable,
  GRAM,
  gramHashAt,
  maxBreaks,
} from "./compile_canaries.ts";
import type { KnownSecretHit } from "./known_secret.ts";

const latin1 = new TextDecoder("latin1");

/** Bytes as text, one character per byte (offsets stay byte offsets). */
export function bytesAsText(data: Uint8Array): string {
  return latin1.decode(data);
}

/** First known secret found in any listed encoding; never carries the value. */
export function findKnownSecret(
  set: CanarySet,
  data: string | Uint8Array,
): KnownSecretHit | undefined {
  const text = typeof data === "string" ? data : bytesAsText(data);
  return hitFrom(set, searchTable(set.exact, text));
}

/**
 * `findKnownSecret` for text that was case-folded on its way (a host name is
 * lower-cased by the proxy and by DNS): compares in lower case.
 */
export function findKnownSecretIgnoringCase(
  set: CanarySet,
  text: string,
): KnownSecretHit | undefined {
  return hitFrom(set, searchTable(set.folded, text.toLowerCase()));
}

/**
 * Up to `max` known secrets in `text` that end after `after` (hits wholly
 * before it were reported by an earlier scan of a stream), earliest first,
 * with the length of the spelling found.
 */
export function findKnownSecretsEndingAfter(
  set: CanarySet,
  text: string,
  after: number,
  max = 16,
): Array<KnownSecretHit & { readonly length: number }> {
  const hits: Array<KnownSecretHit & { readonly length: number }> = [];
  let from = 0;
  while (hits.length < max) {
    const found = searchTable(set.exact, text, from);
    if (found === undefined) return hits;
    const length = found.length;
    if (found.start + length > after) hits.push({ ...hitFrom(set, found)!, length });
    from = found.start + 1;
  }
  return hits;
}

/** One spelling found: which, where, and how many characters it spans (line breaks included). */
interface Found {
  readonly variant: number;
  readonly start: number;
  readonly length: number;
  readonly wrapped: boolean;
  readonly table: CanaryTable;
}

function hitFrom(set: CanarySet, found: Found | undefined): KnownSecretHit | undefined {
  if (found === undefined) return undefined;
  const variant = found.table.variants[found.variant]!;
  const secret = set.secrets[variant.secret]!;
  return {
    label: secret.label,
    kind: secret.kind,
    encoding: found.wrapped ? `${variant.encoding} (line-wrapped)` : variant.encoding,
    offset: found.start,
  };
}

/** Length of the line break (LF or CRLF) that ends just before `end` in `text`, or 0. */
function breakBefore(text: string, end: number): number {
  if (text.charCodeAt(end - 1) !== 10) return 0;
  return text.charCodeAt(end - 2) === 13 ? 2 : 1;
}

/** Length of the line break (LF or CRLF) that starts at `at` in `text`, or 0. */
function breakAt(text: string, at: number): number {
  const c = text.charCodeAt(at);
  if (c === 10) return 1;
  return c === 13 && text.charCodeAt(at + 1) === 10 ? 2 : 0;
}

/**
 * Matches `spelling` in `text` around a gram found at `pos` (the spelling's
 * characters `offset` to `offset + GRAM`), letting one line break stand
 * between any two characters, at most `maxBreaks` of them in all.
 */
function matchWrapped(
  text: string,
  pos: number,
  spelling: string,
  offset: number,
): { start: number; length: number; breaks: number } | undefined {
  let budget = maxBreaks(spelling.length);
  let t = pos;
  for (let i = offset - 1; i >= 0; i--) {
    if (text.charCodeAt(t - 1) !== spelling.charCodeAt(i)) {
      const skip = breakBefore(text, t);
      if (skip === 0 || budget === 0) return undefined;
      budget--;
      t -= skip;
      if (text.charCodeAt(t - 1) !== spelling.charCodeAt(i)) return undefined;
    }
    t--;
  }
  const start = t;
  t = pos + GRAM;
  for (let i = offset + GRAM; i < spelling.length; i++) {
    if (text.charCodeAt(t) !== spelling.charCodeAt(i)) {
      const skip = breakAt(text, t);
      if (skip === 0 || budget === 0) return undefined;
      budget--;
      t += skip;
      if (text.charCodeAt(t) !== spelling.charCodeAt(i)) return undefined;
    }
    t++;
  }
  return { start, length: t - start, breaks: maxBreaks(spelling.length) - budget };
}

/** The spelling found earliest in `text` at or after `from`, if any. */
function searchTable(table: CanaryTable, text: string, from = 0): Found | undefined {
  if (table.variants.length === 0) return undefined;
  const { grams, step, variants, bits, shift } = table;
  let best: Found | undefined;
  // A spelling starting before `best` covers a sampled gram before best.start + step.
  let limit = text.length - GRAM;
  for (let pos = from - from % step; pos <= limit; pos += step) {
    const h = gramHashAt(text, pos);
    const b = Math.imul(h, 0x9e3779b1) >>> shift;
    if ((bits[b >>> 5]! & (1 << (b & 31))) === 0) continue;
    const list = grams.get(h);
    if (list === undefined) continue;
    for (let k = 0; k < list.length; k += 2) {
      const v = list[k]!;
      const variant = variants[v]!;
      const offset = list[k + 1]!;
      let start = pos - offset;
      let length = variant.text.length;
      let wrapped = false;
      if (variant.wrappable === true) {
        const match = matchWrapped(text, pos, variant.text, offset);
        if (match === undefined) continue;
        ({ start, length } = match);
        wrapped = match.breaks > 0;
      } else if (!text.startsWith(variant.text, start)) continue;
      if (start < from || (best !== undefined && start >= best.start)) continue;
      best = { variant: v, start, length, wrapped, table };
      // An earlier occurrence covers a sampled gram before start + step, or,
      // wrapped, somewhere within its own length.
      limit = Math.min(limit, start + (table.wraps ? table.longest : step - 1));
    }
  }
  return best;
}
