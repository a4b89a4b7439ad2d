/**
 * DLP on a plain-HTTP request body on its way through the egress proxy. The
 * guard sees every piece of the body before any of it is forwarded, and
 * decides what may go now:
 *
 * - An uncompressed body streams: each piece is scanned with the look-back
 *   of a `StreamScanner`, and in `block` mode the last `overlap` bytes are
 *   held back until more arrive or the body ends. A secret is therefore seen
 *   whole before its first byte leaves, and memory stays bounded.
 * - A compressed body (gzip, deflate, br) is held whole up to the decode cap,
 *   decoded at its end and scanned, then released; over the cap it is
 *   refused in `block` mode. An encoding bottle cannot decode is refused too,
 *   and so is a compressed body when the guard was given no decoder (the
 *   decoder, `node:zlib`, is loaded by `forHeaders` only for such a body).
 * - In `log` mode nothing is held: pieces go on at once and findings are
 *   only recorded (a compressed body is copied, up to the cap, to be decoded
 *   and scanned at its end).
 *
 * Pure computation: bytes in, bytes to release and findings out.
 */
import {
  contentCodings,
  type ContentDecoder,
  decodable,
  loadContentDecoder,
  type StreamHit,
  StreamScanner,
} from "../dlp/mod.ts";
import {
  blockingFinding,
  BODY_DECODE_CAP,
  BODY_UNDECODABLE,
  type DlpFinding,
  type EgressDlp,
  KNOWN_SECRET,
} from "./egress_dlp.ts";

/** What the proxy may do after one step of the guard. */
export interface GuardStep {
  /** Bytes cleared to forward now, in order. */
  readonly release: readonly Uint8Array[];
  /** Set when the body must go no further: the finding that refuses it. */
  readonly stop?: DlpFinding;
}

function toFinding(hit: StreamHit): DlpFinding {
  if (hit.kind === "detector") return { detector: hit.detector, location: `body:${hit.offset}` };
  const { label, kind, encoding, offset } = hit.secret;
  return { detector: KNOWN_SECRET, location: `body:${offset}`, secret: { label, kind, encoding } };
}

/** The guard for one request body. */
export class BodyGuard {
  /** Every finding so far (for the audit event). */
  readonly findings: DlpFinding[] = [];
  readonly #dlp: EgressDlp;
  readonly #codings: string[];
  readonly #decode: ContentDecoder | undefined;
  readonly #scanner: StreamScanner;
  /** Bytes received and not yet released (block mode), or copied for decoding (log mode). */
  #held: Uint8Array[] = [];
  #heldBytes = 0;
  /** Log mode, compressed body over the cap: stop copying, the rest goes on unscanned. */
  #gaveUp = false;
  #stopped: DlpFinding | undefined;

  /**
   * A guard for a body sent with these Content-Encoding field values; `decode` undoes them
   * (without it, a compressed body is refused as undecodable).
   */
  constructor(dlp: EgressDlp, contentEncoding: readonly string[], decode?: ContentDecoder) {
    this.#dlp = dlp;
    this.#codings = contentCodings(contentEncoding);
    this.#decode = decode;
    this.#scanner = new StreamScanner(dlp.canaries);
  }

  /**
   * A guard for the body of a request with these header fields (names lower-cased), with the
   * decoder loaded if the body is compressed in codings bottle can undo.
   */
  static async forHeaders(
    dlp: EgressDlp,
    headers: ReadonlyArray<readonly [string, string]>,
  ): Promise<BodyGuard> {
    const encoding = headers.filter(([name]) => name === "content-encoding").map(([, v]) => v);
    const codings = contentCodings(encoding);
    const decode = codings.length > 0 && decodable(codings)
      ? await loadContentDecoder()
      : undefined;
    return new BodyGuard(dlp, encoding, decode);
  }

  /** Whether the body's codings can be undone: all known, and a decoder given. */
  get #canDecode(): boolean {
    return this.#decode !== undefined && decodable(this.#codings);
  }

  get #blocking(): boolean {
    return this.#dlp.mode === "block";
  }

  /** Takes the next piece of the body. */
  push(piece: Uint8Array): GuardStep {
    if (this.#stopped !== undefined) return { release: [], stop: this.#stopped };
    if (this.#codings.length > 0) return this.#pushCompressed(piece);
    const found = this.#scanner.push(piece).map(toFinding);
    const stop = this.#record(found);
    if (stop !== undefined) return { release: [], stop };
    if (!this.#blocking) return { release: [piece] };
    this.#hold(piece);
    return { release: this.#releaseAllBut(this.#scanner.overlap) };
  }

  /** The body ended: releases what is held, or says why it must not go. */
  finish(): GuardStep {
    if (this.#stopped !== undefined) return { release: [], stop: this.#stopped };
    if (this.#codings.length === 0) return { release: this.#releaseAllBut(0) };
    const decode = this.#decode;
    if (decode === undefined || !decodable(this.#codings)) return this.#undecodable();
    if (this.#gaveUp) return { release: [] };
    const body = concat(this.#held, this.#heldBytes);
    const decoded = decode(body, this.#codings, this.#dlp.maxDecodedBytes);
    if (decoded.kind === "error") {
      const detector = decoded.why === "cap" ? BODY_DECODE_CAP : BODY_UNDECODABLE;
      const stop = this.#record([{ detector, location: "body" }], true);
      if (stop !== undefined) return { release: [], stop };
      return { release: this.#blocking ? this.#releaseAllBut(0) : [] };
    }
    const found = new StreamScanner(this.#dlp.canaries).push(decoded.bytes).map(toFinding);
    const stop = this.#record(found);
    if (stop !== undefined) return { release: [], stop };
    return { release: this.#blocking ? this.#releaseAllBut(0) : this.#dropHeld() };
  }

  #pushCompressed(piece: Uint8Array): GuardStep {
    if (!this.#canDecode) {
      const step = this.#undecodable();
      if (step.stop !== undefined) return step;
      return { release: [piece] };
    }
    if (this.#gaveUp) return { release: [piece] };
    if (this.#heldBytes + piece.length > this.#dlp.maxDecodedBytes) {
      const stop = this.#record([{ detector: BODY_DECODE_CAP, location: "body" }], true);
      if (stop !== undefined) return { release: [], stop };
      // Log mode: what was copied already went on; the rest goes on unscanned.
      this.#gaveUp = true;
      this.#dropHeld();
      return { release: [piece] };
    }
    this.#hold(piece);
    return { release: this.#blocking ? [] : [piece] };
  }

  #undecodable(): GuardStep {
    const already = this.findings.some((f) => f.detector === BODY_UNDECODABLE);
    const stop = already
      ? undefined
      : this.#record([{ detector: BODY_UNDECODABLE, location: "body" }], true);
    if (stop !== undefined) return { release: [], stop };
    return { release: this.#blocking ? this.#releaseAllBut(0) : [] };
  }

  /** Records findings; the one that stops the body in block mode, if any. */
  #record(found: DlpFinding[], always = false): DlpFinding | undefined {
    this.findings.push(...found);
    const stop = always && this.#blocking ? found[0] : blockingFinding(this.#dlp.mode, found);
    if (stop !== undefined) {
      this.#stopped = stop;
      this.#dropHeld();
    }
    return stop;
  }

  #hold(piece: Uint8Array): void {
    this.#held.push(piece);
    this.#heldBytes += piece.length;
  }

  #dropHeld(): Uint8Array[] {
    this.#held = [];
    this.#heldBytes = 0;
    return [];
  }

  /** Releases all held bytes but the last `keep`. */
  #releaseAllBut(keep: number): Uint8Array[] {
    let excess = this.#heldBytes - keep;
    if (excess <= 0) return [];
    const out: Uint8Array[] = [];
    while (excess > 0) {
      const first = this.#held[0]!;
      if (first.length <= excess) {
        out.push(first);
        this.#held.shift();
        excess -= first.length;
        this.#heldBytes -= first.length;
      } else {
        out.push(first.subarray(0, excess));
        this.#held[0] = first.subarray(excess);
        this.#heldBytes -= excess;
        excess = 0;
      }
    }
    return out;
  }
}

function concat(parts: readonly Uint8Array[], total: number): Uint8Array {
  const out = new Uint8Array(total);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
