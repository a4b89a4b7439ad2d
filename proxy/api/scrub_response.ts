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

/** Scrubs one response: its header fields, then its body read by read. */
export class ResponseScrubber {
  readonly #needles: readonly Needle[];
  readonly #longest: number;
  readonly #counts = new Map<string, number>();
  #carry: Uint8Array = new Uint8Array(0);

  constructor(secrets: readonly ScrubSecret[]) {
    this.#needles = secrets.filter((s) => s.value !== "").map((secret) => {
      const bytes = encoder.encode(secret.value);
      const marker = markerOf(bytes.length);
      return {
        label: secret.label,
        text: latin1.decode(bytes),
        value: secret.value,
        replacement: encoder.encode(marker),
        replacementText: marker,
      };
    });
    this.#longest = Math.max(0, ...this.#needles.map((n) => n.text.length));
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
    const text = latin1.decode(work);
    let out: Uint8Array | undefined;
    let scrubbedTo = 0;
    for (const needle of this.#needles) {
      for (let at = text.indexOf(needle.text); at !== -1; at = text.indexOf(needle.text, at + 1)) {
        out ??= work === data ? data.slice() : work;
        out.set(needle.replacement, at);
        scrubbedTo = Math.max(scrubbedTo, at + needle.text.length);
        this.#count(needle.label);
      }
    }
    const result = out ?? work;
    const hold = this.#heldFrom(text, scrubbedTo);
    this.#carry = hold === text.length ? new Uint8Array(0) : result.slice(hold);
    return hold === result.length ? result : result.subarray(0, hold);
  }

  /** The bytes still held at the end of the body (a prefix no secret completed). */
  end(): Uint8Array {
    const rest = this.#carry;
    this.#carry = new Uint8Array(0);
    return rest;
  }

  /** Where the tail that could begin a secret starts (`text.length` when none could). */
  #heldFrom(text: string, after: number): number {
    const from = Math.max(after, text.length - this.#longest + 1);
    for (let p = from; p < text.length; p++) {
      const c = text.charCodeAt(p);
      for (const needle of this.#needles) {
        if (needle.text.charCodeAt(0) === c && needle.text.startsWith(text.slice(p))) return p;
      }
    }
    return text.length;
  }
}
