/**
 * Scrubs the bottle's real secrets out of what comes back from the API: a
 * gateway that reflects the credential header, an error that quotes it. Each
 * secret (as its UTF-8 bytes) is replaced by a marker of the same byte
 * length — `[bottle:redacted]` padded with `*` (only `*` for a secret shorter
 * than the marker) — so a Content-Length stays true, SSE events keep their
 * size and nothing is re-framed.
 *
 * In a body the scrubber holds back only what could be the start of a
 * secret: the shortest tail of what arrived that is a prefix of one (at most
 * the longest secret's length − 1 bytes). An SSE event ends in a blank line,
 * which starts no secret, so an event is passed on as soon as it arrives
 * whole; a secret split across reads is still seen whole.
 */

/** A real secret to scrub, with the label its replacements are audited under. */
export interface ScrubSecret {
  readonly label: string;
  readonly value: string;
}

/** The marker a secret is replaced by: ASCII, valid inside a JSON string and a header value. */
export const SCRUB_MARKER = "[bottle:redacted]";

/** Bytes as text, one character per byte, so text offsets are byte offsets. */
const latin1 = new TextDecoder("latin1");
const encoder = new TextEncoder();

interface Needle {
  readonly label: string;
  /** The secret's UTF-8 bytes, one character per byte. */
  readonly text: string;
  /** The secret's UTF-8 bytes (bodies are searched as bytes). */
  readonly bytes: Uint8Array;
  /** Where in `bytes` the byte the search looks for first stands (see anchorOf). */
  readonly anchor: number;
  /** The secret as written (differs from `text` only when it is not ASCII). */
  readonly value: string;
  readonly replacement: Uint8Array;
  /** The replacement as text, for header values. */
  readonly replacementText: string;
}

/** A marker of exactly `length` bytes. */
function markerOf(length: number): string {
  return length >= SCRUB_MARKER.length
    ? SCRUB_MARKER + "*".repeat(length - SCRUB_MARKER.length)
    : "*".repeat(length);
}

/** The needles of a list of secrets, and the longest one's length. */
interface Compiled {
  readonly needles: readonly Needle[];
  readonly longest: number;
}

/** Compiled needles per secrets list: a proxy scrubs every response with the same list. */
const COMPILED = new WeakMap<readonly ScrubSecret[], Compiled>();

function compileNeedles(secrets: readonly ScrubSecret[]): Compiled {
  const needles = secrets.filter((s) => s.value !== "").map((secret): Needle => {
    const bytes = encoder.encode(secret.value);
    const marker = markerOf(bytes.length);
    return {
      label: secret.label,
      text: latin1.decode(bytes),
      bytes,
      anchor: anchorOf(bytes),
      value: secret.value,
      replacement: encoder.encode(marker),
      replacementText: marker,
    };
  });
  return { needles, longest: Math.max(0, ...needles.map((n) => n.text.length)) };
}

/** Scrubs one response: its header fields, then its body read by read. */
export class ResponseScrubber {
  readonly #needles: readonly Needle[];
  readonly #longest: number;
  readonly #counts = new Map<string, number>();
  #carry: Uint8Array = new Uint8Array(0);

  /** A scrubber for one response; the secrets are compiled once per list (a proxy keeps one list). */
  constructor(secrets: readonly ScrubSecret[]) {
    let compiled = COMPILED.get(secrets);
    if (compiled === undefined) {
      compiled = compileNeedles(secrets);
      COMPILED.set(secrets, compiled);
    }
    this.#needles = compiled.needles;
    this.#longest = compiled.longest;
  }

  /** Replacements so far, per label. */
  get counts(): ReadonlyMap<string, number> {
    return this.#counts;
  }

  #count(label: string): void {
    this.#counts.set(label, (this.#counts.get(label) ?? 0) + 1);
  }

  /** Header fields with every secret in a value replaced (the same array when none was there). */
  fields(
    fields: ReadonlyArray<readonly [string, string]>,
  ): ReadonlyArray<readonly [string, string]> {
    let out: Array<readonly [string, string]> | undefined;
    fields.forEach(([name, value], index) => {
      let scrubbed = value;
      for (const needle of this.#needles) {
        // The parser gives values one character per byte; the secret as written is tried too.
        for (const text of new Set([needle.text, needle.value])) {
          if (!scrubbed.includes(text)) continue;
          const parts = scrubbed.split(text);
          for (let i = 1; i < parts.length; i++) this.#count(needle.label);
          scrubbed = parts.join(needle.replacementText);
        }
      }
      if (scrubbed !== value) {
        out ??= fields.slice();
        out[index] = [name, scrubbed];
      }
    });
    return out ?? fields;
  }

  /**
   * The body bytes that may go on now, `data` included: `data` itself (or a
   * view of it) when nothing is held or replaced, else a copy.
   */
  push(data: Uint8Array): Uint8Array {
    if (this.#needles.length === 0) return data;
    let work = data;
    if (this.#carry.length > 0) {
      work = new Uint8Array(this.#carry.length + data.length);
      work.set(this.#carry, 0);
      work.set(data, this.#carry.length);
    }
    // Searched as bytes: decoding each read to a string first cost more than the search.
    let out: Uint8Array | undefined;
    let scrubbedTo = 0;
    for (const needle of this.#needles) {
      for (let at = find(work, needle, 0); at !== -1; at = find(work, needle, at + 1)) {
        // A copy: the search goes on in the bytes as they came, so overlapping secrets all go.
        out ??= work.slice();
        out.set(needle.replacement, at);
        scrubbedTo = Math.max(scrubbedTo, at + needle.bytes.length);
        this.#count(needle.label);
      }
    }
    const result = out ?? work;
    const hold = this.#heldFrom(work, scrubbedTo);
    this.#carry = hold === work.length ? new Uint8Array(0) : result.slice(hold);
    return hold === result.length ? result : result.subarray(0, hold);
  }

  /** The bytes still held at the end of the body (a prefix no secret completed). */
  end(): Uint8Array {
    const rest = this.#carry;
    this.#carry = new Uint8Array(0);
    return rest;
  }

  /** Where the tail that could begin a secret starts (`bytes.length` when none could). */
  #heldFrom(bytes: Uint8Array, after: number): number {
    const from = Math.max(after, bytes.length - this.#longest + 1);
    for (let p = from; p < bytes.length; p++) {
      for (const needle of this.#needles) {
        if (startsWithTail(needle.bytes, bytes, p)) return p;
      }
    }
    return bytes.length;
  }
}

/**
 * The index of the byte a search for `needle` looks for first, with the
 * engine's native `indexOf`: the first byte among its first 32 that is not a
 * lowercase letter, a space or a quote (rarer in the text a model answers
 * with, so fewer false starts), else its first byte.
 */
function anchorOf(needle: Uint8Array): number {
  for (let k = 0; k < Math.min(needle.length, 32); k++) {
    const b = needle[k]!;
    if (!((b >= 0x61 && b <= 0x7a) || b === 0x20 || b === 0x22)) return k;
  }
  return 0;
}

/** The first offset at or after `from` where `needle` stands in `hay`, or -1. */
function find(hay: Uint8Array, needle: Needle, from: number): number {
  const { bytes, anchor } = needle;
  if (bytes.length === 0) return -1;
  const first = bytes[anchor]!;
  for (let p = hay.indexOf(first, from + anchor); p !== -1; p = hay.indexOf(first, p + 1)) {
    const start = p - anchor;
    if (start + bytes.length > hay.length) return -1;
    let j = 0;
    while (j < bytes.length && hay[start + j] === bytes[j]) j++;
    if (j === bytes.length) return start;
  }
  return -1;
}

/** Whether `hay` from `at` to its end is a prefix of `needle` (a secret that may go on in the next read). */
function startsWithTail(needle: Uint8Array, hay: Uint8Array, at: number): boolean {
  const length = hay.length - at;
  if (length >= needle.length) return false;
  for (let k = 0; k < length; k++) if (hay[at + k] !== needle[k]) return false;
  return true;
}
