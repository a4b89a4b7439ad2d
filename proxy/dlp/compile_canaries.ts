/**
 * Known secrets compiled for a scan whose cost does not grow with their
 * number. Every spelling (see `canary_variants.ts`) of every secret is cut
 * into 8-character grams, all kept in one hash table. The scan hashes the
 * gram at only every `step`-th position of the text, where `step` is chosen
 * so that every spelling, being at least `step + 7` characters long, covers
 * one sampled gram in full; each table hit is then checked by comparing the
 * whole spelling. Ten secrets or a thousand cost the same per byte scanned.
 *
 * Line-wrapped base64 (MIME bodies at 76 columns with CRLF or LF, PEM at 64):
 * a standard-base64 spelling is "wrappable". Its grams are kept at every
 * offset, not only the first `step`, and `step` is kept small enough that
 * the longest unbroken run of a spelling wrapped at 64 columns or more
 * (at least min(64, half its length) characters) holds a sampled gram. A
 * hit is then checked outwards from the gram, letting a line break (LF or
 * CRLF) stand between any two characters, at most one per 64.
 */
import { canaryVariants } from "./canary_variants.ts";
import type { KnownSecret } from "./known_secret.ts";

/** Secrets shorter than this (in UTF-8 bytes) are not looked for: they would match ordinary text. */
export const MIN_CANARY_BYTES = 8;

/** Length of the grams the table is keyed by. */
export const GRAM = 8;

/** One spelling of one secret in the table. */
export interface CompiledVariant {
  readonly text: string;
  readonly encoding: string;
  readonly secret: number;
  /** Also looked for with line breaks between its characters (standard base64). */
  readonly wrappable?: boolean;
}

/** The narrowest line width a wrapped spelling is guaranteed to be found at. */
export const MIN_WRAP_WIDTH = 64;

/** The most line breaks a wrapped spelling of `length` characters holds at MIN_WRAP_WIDTH or wider. */
export function maxBreaks(length: number): number {
  return Math.floor((length - 1) / MIN_WRAP_WIDTH) + 1;
}

/** The stride at which every occurrence of `variant` still covers one sampled gram. */
function strideFor(variant: CompiledVariant): number {
  const plain = variant.text.length - GRAM + 1;
  if (variant.wrappable !== true) return plain;
  // Wrapped, the longest unbroken run is at least this long.
  const run = Math.min(MIN_WRAP_WIDTH, Math.ceil(variant.text.length / 2));
  return run >= GRAM ? Math.min(plain, run - GRAM + 1) : plain;
}

/** One table: every spelling, and gram hash → (spelling, offset) pairs. */
export interface CanaryTable {
  readonly variants: readonly CompiledVariant[];
  /** gram hash → flat [variant, offset, variant, offset, …]. */
  readonly grams: ReadonlyMap<number, readonly number[]>;
  /**
   * A bit per hash bucket, set for every gram in the table: most sampled grams
   * are rejected by one bit test, so a large table's lookups stay rare.
   */
  readonly bits: Uint32Array;
  /** Right shift that turns a gram hash into a bucket of `bits`. */
  readonly shift: number;
  /** Sampling stride: the shortest spelling's length − GRAM + 1. */
  readonly step: number;
  /** The longest spelling (line breaks included): how far a stream must look back to see one whole. */
  readonly longest: number;
  /** Whether any spelling is wrappable (hits may then start further back than `step`). */
  readonly wraps: boolean;
}

/** Known secrets precompiled for fast search; opaque to callers. */
export interface CanarySet {
  readonly secrets: readonly Pick<KnownSecret, "label" | "kind">[];
  /** Spellings as written. */
  readonly exact: CanaryTable;
  /** Spellings in lower case, for text that was case-folded (host names). */
  readonly folded: CanaryTable;
  /** Labels of secrets too short to look for (fewer than MIN_CANARY_BYTES bytes). */
  readonly skipped: readonly string[];
}

/** Hash of the GRAM characters of `text` from `at` (FNV-1a over UTF-16 code units). */
export function gramHashAt(text: string, at: number): number {
  let h = 0x811c9dc5;
  for (let i = at; i < at + GRAM; i++) h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

function buildTable(variants: CompiledVariant[]): CanaryTable {
  let step = Infinity;
  let longest = 0;
  let wraps = false;
  for (const variant of variants) {
    step = Math.min(step, strideFor(variant));
    const breaks = variant.wrappable === true ? maxBreaks(variant.text.length) * 2 : 0;
    longest = Math.max(longest, variant.text.length + breaks);
    wraps ||= variant.wrappable === true;
  }
  step = variants.length === 0 ? 1 : Math.max(1, step);
  // An occurrence starting at s covers the sampled position in [s, s + step):
  // only the grams at a spelling's first `step` offsets can be the one sampled.
  // A wrapped one may be shifted by its line breaks: a wrappable spelling keeps all.
  const grams = new Map<number, number[]>();
  variants.forEach((variant, index) => {
    const offsets = variant.wrappable === true ? variant.text.length : step;
    for (let offset = 0; offset < offsets && offset + GRAM <= variant.text.length; offset++) {
      const h = gramHashAt(variant.text, offset);
      const list = grams.get(h);
      if (list === undefined) grams.set(h, [index, offset]);
      else list.push(index, offset);
    }
  });
  // About 16 buckets per gram (under 7% of misses pass), 2^16 to 2^26 buckets.
  let log = 16;
  while (log < 26 && 1 << log < grams.size * 16) log++;
  const bits = new Uint32Array(1 << (log - 5));
  const shift = 32 - log;
  for (const h of grams.keys()) {
    const b = Math.imul(h, 0x9e3779b1) >>> shift;
    bits[b >>> 5]! |= 1 << (b & 31);
  }
  return { variants, grams, step, longest, wraps, bits, shift };
}

/** Precompiles the known secrets once per bottle so each scan is cheap. */
export function compileCanaries(secrets: readonly KnownSecret[]): CanarySet {
  const exact: CompiledVariant[] = [];
  const folded: CompiledVariant[] = [];
  const foldedSeen = new Set<string>();
  const skipped: string[] = [];
  secrets.forEach((secret, index) => {
    if (new TextEncoder().encode(secret.value).length < MIN_CANARY_BYTES) {
      skipped.push(secret.label);
      return;
    }
    for (const variant of canaryVariants(secret.value)) {
      if (variant.text.length < GRAM) continue;
      exact.push({ ...variant, secret: index });
      const lower = variant.text.toLowerCase();
      if (!foldedSeen.has(`${index}:${lower}`)) {
        foldedSeen.add(`${index}:${lower}`);
        // Host names are never line-wrapped: the folded table holds plain spellings only.
        folded.push({ text: lower, encoding: variant.encoding, secret: index });
      }
    }
  });
  return {
    secrets: secrets.map(({ label, kind }) => ({ label, kind })),
    exact: buildTable(exact),
    folded: buildTable(folded),
    skipped,
  };
}
