/**
 * Scans a body that arrives in pieces. Each piece is scanned together with
 * the last `overlap` bytes before it, so a secret split across pieces is
 * still seen whole; hits already reported from that overlap are not reported
 * again. Memory is bounded by the overlap, whatever the body's size.
 */
import type { CanarySet } from "./compile_canaries.ts";
import { bytesAsText, findKnownSecretsEndingAfter } from "./find_known_secret.ts";
import type { KnownSecretHit } from "./known_secret.ts";
import { scanText } from "./scan_text.ts";

/**
 * Bytes of look-back for detectors: the longest text any detector needs to
 * see at once to fire (a PEM header with its headers and first base64 line,
 * a PuTTY file's header block) fits well inside it.
 */
export const DETECTOR_OVERLAP = 4096;

/** One hit in a stream, with its offset from the start of the stream. */
export type StreamHit =
  | {
    readonly kind: "detector";
    readonly detector: string;
    readonly offset: number;
    readonly length: number;
  }
  | { readonly kind: "known_secret"; readonly secret: KnownSecretHit; readonly length: number };

/** The overlap a stream needs to see every hit whole: detectors' and the longest canary spelling's. */
export function streamOverlap(canaries: CanarySet | undefined): number {
  return Math.max(DETECTOR_OVERLAP, canaries?.exact.longest ?? 0);
}

/** A scanner over one stream; push pieces in order. */
export class StreamScanner {
  readonly #canaries: CanarySet | undefined;
  readonly #overlap: number;
  /** The last bytes seen (at most `overlap`), as one character per byte. */
  #tail = "";
  /** Offset in the stream of the tail's first byte. */
  #tailStart = 0;
  /** Detector hits already reported, by `detector@offset`, that may still be in the tail. */
  #reported = new Map<string, number>();

  constructor(canaries: CanarySet | undefined, overlap = streamOverlap(canaries)) {
    this.#canaries = canaries;
    this.#overlap = overlap;
  }

  /** How many trailing bytes a hit may still need to be seen whole. */
  get overlap(): number {
    return this.#overlap;
  }

  /** Bytes pushed so far. */
  get length(): number {
    return this.#tailStart + this.#tail.length;
  }

  /** Scans the next piece; returns the hits it completes, in stream order. */
  push(piece: Uint8Array): StreamHit[] {
    if (piece.length === 0) return [];
    const text = this.#tail + bytesAsText(piece);
    const base = this.#tailStart;
    const seen = this.#tail.length;
    const hits: StreamHit[] = [];
    for (const hit of scanText(text)) {
      const offset = base + hit.offset;
      const key = `${hit.detector}@${offset}`;
      if (hit.offset + hit.length <= seen || this.#reported.has(key)) continue;
      this.#reported.set(key, offset);
      hits.push({ kind: "detector", detector: hit.detector, offset, length: hit.length });
    }
    if (this.#canaries !== undefined) {
      for (const hit of findKnownSecretsEndingAfter(this.#canaries, text, seen)) {
        const { length, ...secret } = hit;
        hits.push({
          kind: "known_secret",
          secret: { ...secret, offset: base + hit.offset },
          length,
        });
      }
    }
    const keep = Math.min(this.#overlap, text.length);
    this.#tail = text.slice(text.length - keep);
    this.#tailStart = base + text.length - keep;
    for (const [key, offset] of this.#reported) {
      if (offset < this.#tailStart) this.#reported.delete(key);
    }
    return hits.sort((a, b) => offsetOf(a) - offsetOf(b));
  }
}

function offsetOf(hit: StreamHit): number {
  return hit.kind === "detector" ? hit.offset : hit.secret.offset;
}
