/**
 * The detector scan: one pass over the text with a rolling four-character
 * window (see `compile_detectors.ts`), patterns run only where an anchor
 * occurs, and overlapping hits resolved so each secret is reported once.
 */
import { anchorAt, compileDetectors, type DetectorIndex, matchAt } from "./compile_detectors.ts";
import type { Detector } from "./detector.ts";
import { ALL_DETECTORS } from "./detectors/mod.ts";
import type { DlpHit } from "./dlp_hit.ts";

/** The index of every detector, built once when the module loads. */
export const DEFAULT_INDEX: DetectorIndex = compileDetectors(ALL_DETECTORS);

/** Every credential-detector match in the text, in order; never the matched values. */
export function scanText(text: string): readonly DlpHit[] {
  return scanWith(DEFAULT_INDEX, text);
}

interface Found {
  readonly detector: Detector;
  readonly start: number;
  readonly end: number;
}

/** Every match of `index`'s detectors in `text`, overlaps resolved, in order of offset. */
export function scanWith(index: DetectorIndex, text: string): readonly DlpHit[] {
  const candidates = candidatePositions(index.bits, text);
  if (candidates.length === 0) return [];
  const found: Found[] = [];
  for (const end of candidates) {
    const gram =
      ((text.charCodeAt(end - 3) & 0xff) << 24 | (text.charCodeAt(end - 2) & 0xff) << 16 |
        (text.charCodeAt(end - 1) & 0xff) << 8 | (text.charCodeAt(end) & 0xff)) >>> 0;
    const list = index.entries.get(gram);
    if (list === undefined) continue;
    const at = end - 3;
    for (const entry of list) {
      if (!anchorAt(entry, text, at)) continue;
      for (const detector of entry.detectors) {
        const span = matchAt(detector, text, at);
        if (span !== undefined) found.push({ detector, start: span.start, end: span.end });
      }
    }
  }
  return resolveOverlaps(found);
}

/**
 * The hot loop, kept small so it stays optimised: the end position of every
 * 4-gram whose hash is in the set (`gramHash` inlined), four characters per
 * turn. Hash collisions are weeded out by the caller's exact lookup.
 */
function candidatePositions(bits: Uint32Array, text: string): number[] {
  const out: number[] = [];
  const n = text.length;
  let w = 0;
  let h = 0;
  let i = 0;
  for (; i + 4 <= n; i += 4) {
    w = (w << 8) | (text.charCodeAt(i) & 0xff);
    h = Math.imul(w, 0x9e3779b1) >>> 12;
    if ((bits[h >>> 5]! & (1 << (h & 31))) !== 0) out.push(i);
    w = (w << 8) | (text.charCodeAt(i + 1) & 0xff);
    h = Math.imul(w, 0x9e3779b1) >>> 12;
    if ((bits[h >>> 5]! & (1 << (h & 31))) !== 0) out.push(i + 1);
    w = (w << 8) | (text.charCodeAt(i + 2) & 0xff);
    h = Math.imul(w, 0x9e3779b1) >>> 12;
    if ((bits[h >>> 5]! & (1 << (h & 31))) !== 0) out.push(i + 2);
    w = (w << 8) | (text.charCodeAt(i + 3) & 0xff);
    h = Math.imul(w, 0x9e3779b1) >>> 12;
    if ((bits[h >>> 5]! & (1 << (h & 31))) !== 0) out.push(i + 3);
  }
  for (; i < n; i++) {
    w = (w << 8) | (text.charCodeAt(i) & 0xff);
    h = Math.imul(w, 0x9e3779b1) >>> 12;
    if ((bits[h >>> 5]! & (1 << (h & 31))) !== 0) out.push(i);
  }
  // The first three positions hold fewer than four characters.
  return out[0] !== undefined && out[0] < 3 ? out.filter((p) => p >= 3) : out;
}

/**
 * Keeps one hit per secret: sorted by start, a hit overlapping the one kept
 * before it is dropped, except that a specific detector replaces a generic
 * one over the same text.
 */
function resolveOverlaps(found: Found[]): DlpHit[] {
  if (found.length === 0) return [];
  found.sort((a, b) =>
    a.start - b.start ||
    Number(a.detector.generic === true) - Number(b.detector.generic === true) ||
    b.end - a.end
  );
  const kept: Found[] = [];
  for (const hit of found) {
    const last = kept[kept.length - 1];
    if (last !== undefined && hit.start < last.end) {
      if (last.detector.generic === true && hit.detector.generic !== true) {
        kept[kept.length - 1] = hit;
      }
      continue;
    }
    kept.push(hit);
  }
  return kept.map((f) => ({ detector: f.detector.name, offset: f.start, length: f.end - f.start }));
}
