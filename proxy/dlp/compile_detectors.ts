/**
 * Compiles detectors into one anchor index. The scan keeps a rolling window
 * of the last four characters (one byte each, the low byte of the code unit),
 * hashes it into a 2^20-bit set of every anchor's first four characters, and
 * only on a hit looks up which anchors start there and runs their patterns.
 * Text with no anchor costs a shift, a multiply and one bit test per
 * character, whatever the number of detectors.
 */
import type { Detector, Span } from "./detector.ts";

/** One anchor and the detectors it wakes. */
interface AnchorEntry {
  readonly anchor: string;
  /** The anchor in lower case when it is compared ignoring case; undefined otherwise. */
  readonly folded: string | undefined;
  readonly detectors: readonly Detector[];
}

/** Detectors ready to scan with: the hashed 4-gram set and what each 4-gram wakes. */
export interface DetectorIndex {
  readonly detectors: readonly Detector[];
  readonly bits: Uint32Array;
  readonly entries: ReadonlyMap<number, readonly AnchorEntry[]>;
}

const HASH_SHIFT = 12; // 32 - 20: a 2^20-bit set (128 KiB)

/** Bit index of a 4-gram key in the set. */
export function gramHash(key: number): number {
  return Math.imul(key, 0x9e3779b1) >>> HASH_SHIFT;
}

/** The 4-gram key of the first four code units of `text` (low byte of each). */
function gramKey(text: string): number {
  return (((text.charCodeAt(0) & 0xff) << 24) | ((text.charCodeAt(1) & 0xff) << 16) |
    ((text.charCodeAt(2) & 0xff) << 8) | (text.charCodeAt(3) & 0xff)) >>> 0;
}

/** Every spelling of the first four characters of `anchor` in any letter case. */
function caseVariants(anchor: string): string[] {
  let variants = [""];
  for (const ch of anchor.slice(0, 4)) {
    const forms = new Set([ch.toLowerCase(), ch.toUpperCase()]);
    variants = variants.flatMap((v) => [...forms].map((f) => v + f));
  }
  return variants.map((v) => v + anchor.slice(4));
}

/**
 * Builds the index. Every anchor must be at least four characters long (short
 * prefixes are listed with each possible next character, see `expandAnchor`)
 * and every pattern sticky, so a mistake in a table fails at start-up.
 */
export function compileDetectors(detectors: readonly Detector[]): DetectorIndex {
  const names = new Set<string>();
  const byAnchor = new Map<string, { folded: string | undefined; detectors: Detector[] }>();
  for (const detector of detectors) {
    if (names.has(detector.name)) throw new Error(`detector ${detector.name} is listed twice`);
    names.add(detector.name);
    if (!detector.pattern.sticky) throw new Error(`detector ${detector.name}: pattern not sticky`);
    if (/\(\?<secret>/.test(detector.pattern.source) && !detector.pattern.hasIndices) {
      throw new Error(`detector ${detector.name}: a secret group needs the d flag`);
    }
    if (detector.anchors.length === 0) throw new Error(`detector ${detector.name}: no anchor`);
    for (const anchor of detector.anchors) {
      if (anchor.length < 4) throw new Error(`detector ${detector.name}: anchor "${anchor}" < 4`);
      const key = detector.ignoreCase === true ? `i:${anchor.toLowerCase()}` : `s:${anchor}`;
      const entry = byAnchor.get(key) ??
        { folded: detector.ignoreCase === true ? anchor.toLowerCase() : undefined, detectors: [] };
      entry.detectors.push(detector);
      byAnchor.set(key, entry);
    }
  }
  const bits = new Uint32Array(1 << (32 - HASH_SHIFT - 5));
  const entries = new Map<number, AnchorEntry[]>();
  for (const [key, { folded, detectors: woken }] of byAnchor) {
    const anchor = key.slice(2);
    const spellings = folded === undefined ? [anchor] : caseVariants(anchor);
    for (const spelling of spellings) {
      const gram = gramKey(spelling);
      const h = gramHash(gram);
      bits[h >>> 5]! |= 1 << (h & 31);
      const list = entries.get(gram) ?? [];
      if (!list.some((e) => e.anchor === anchor && e.folded === folded)) {
        list.push({ anchor, folded, detectors: woken });
      }
      entries.set(gram, list);
    }
  }
  return { detectors, bits, entries };
}

/** Whether `entry`'s anchor occurs at `at` in `text`. */
export function anchorAt(entry: AnchorEntry, text: string, at: number): boolean {
  if (entry.folded === undefined) return text.startsWith(entry.anchor, at);
  const n = entry.folded.length;
  if (at + n > text.length) return false;
  for (let i = 0; i < n; i++) {
    let c = text.charCodeAt(at + i);
    if (c >= 65 && c <= 90) c += 32;
    if (c !== entry.folded.charCodeAt(i)) return false;
  }
  return true;
}

/** Runs `detector` at an anchor found at `at`; the secret's span or undefined. */
export function matchAt(detector: Detector, text: string, at: number): Span | undefined {
  const back = detector.back ?? 0;
  const [widest, narrowest] = typeof back === "number" ? [back, back] : [back[1], back[0]];
  for (let b = widest; b >= narrowest; b--) {
    const start = at - b;
    if (start < 0) continue;
    const pattern = detector.pattern;
    pattern.lastIndex = start;
    const m = pattern.exec(text);
    if (m === null) continue;
    const indices = m.indices?.groups?.["secret"];
    const span: Span = indices === undefined
      ? { start, end: start + m[0].length }
      : { start: indices[0], end: indices[1] };
    const value = text.slice(span.start, span.end);
    if (detector.check !== undefined && !detector.check(value)) continue;
    return span;
  }
  return undefined;
}
