/**
 * Reads a TLS ClientHello from the first bytes a client sends into a tunnel:
 * the handshake message is reassembled across TLS records (and whatever TCP
 * segments brought them: the input is simply all bytes so far), bounded in
 * size, and its server names, whether it offers Encrypted Client Hello, the
 * application protocols (ALPN) and the TLS versions it offers are read out. Pure and total: bytes in, a result out, never a throw.
 */

/** TLS record content type of handshake records. */
const HANDSHAKE = 22;
/** Handshake message type of a ClientHello. */
const CLIENT_HELLO = 1;
/** Extension types read here (IANA TLS ExtensionType values). */
const EXT_SERVER_NAME = 0x0000;
const EXT_ALPN = 0x0010;
const EXT_SUPPORTED_VERSIONS = 0x002b;
const EXT_ENCRYPTED_CLIENT_HELLO = 0xfe0d;
/** The largest plaintext record fragment TLS allows (RFC 8446 §5.1). */
const MAX_FRAGMENT = 16_384;

/** Default bound on the bytes read for one ClientHello, record headers included. */
export const MAX_CLIENT_HELLO_BYTES = 16_384;

/** What the first bytes of a tunnel are. */
export type ClientHelloResult =
  /** More bytes are needed to decide. */
  | { readonly kind: "incomplete" }
  /** A whole ClientHello; `length` counts the bytes of the records that carried it. */
  | {
    readonly kind: "hello";
    /** `host_name` entries of the server_name extension, as sent (Latin-1 read). */
    readonly hostNames: readonly string[];
    /** Entries of any other name type. */
    readonly otherNames: number;
    /** Whether the encrypted_client_hello extension (0xfe0d) is present. */
    readonly ech: boolean;
    /** Protocols offered over ALPN, in the client's order; undefined without the extension. */
    readonly alpn: readonly string[] | undefined;
    /**
     * TLS versions offered (0x0303 is TLS 1.2, 0x0304 TLS 1.3): the
     * supported_versions list when present, else the ClientHello's version.
     */
    readonly versions: readonly number[];
    readonly length: number;
  }
  /** Not a TLS ClientHello (or a malformed one); `reason` in plain words. */
  | { readonly kind: "not_tls"; readonly reason: string }
  /** The ClientHello would be larger than the bound. */
  | { readonly kind: "too_large" };

const notTls = (reason: string): ClientHelloResult => ({ kind: "not_tls", reason });

/**
 * Parses the ClientHello at the start of `bytes`. Returns `incomplete` while
 * a prefix of a valid one could still grow into it, and decides as soon as
 * the bytes so far cannot (garbage is refused on its first byte).
 */
export function parseClientHello(
  bytes: Uint8Array,
  maxBytes = MAX_CLIENT_HELLO_BYTES,
): ClientHelloResult {
  if (bytes.length === 0) return { kind: "incomplete" };
  if (bytes[0] !== HANDSHAKE) {
    // SSLv2's record header sets the top bit of the length and puts the message type third.
    if ((bytes[0]! & 0x80) !== 0 && (bytes.length < 3 || bytes[2] === CLIENT_HELLO)) {
      return notTls("an SSLv2-style ClientHello has no extensions, so it names no server");
    }
    return notTls("the first bytes are not a TLS handshake record");
  }
  // The handshake message, gathered from the fragments of consecutive handshake records.
  const message: Uint8Array[] = [];
  let gathered = 0;
  let wanted = -1;
  let at = 0;
  for (;;) {
    if (at >= maxBytes) return { kind: "too_large" };
    if (at >= bytes.length) return { kind: "incomplete" };
    if (bytes[at] !== HANDSHAKE) {
      return notTls("a record of another type came before the ClientHello was complete");
    }
    if (at + 1 < bytes.length && bytes[at + 1] !== 3) {
      return notTls("the record's protocol version is not TLS");
    }
    if (at + 2 < bytes.length && bytes[at + 2]! > 4) {
      return notTls("the record's protocol version is not TLS");
    }
    if (at + 5 > bytes.length) return { kind: "incomplete" };
    const fragmentLength = (bytes[at + 3]! << 8) | bytes[at + 4]!;
    if (fragmentLength === 0) return notTls("an empty handshake record");
    if (fragmentLength > MAX_FRAGMENT) return notTls("a TLS record longer than 16384 bytes");
    const start = at + 5;
    const end = Math.min(start + fragmentLength, bytes.length);
    message.push(bytes.subarray(start, end));
    gathered += end - start;
    if (wanted === -1 && gathered >= 4) {
      const head = concat(message, 4);
      if (head[0] !== CLIENT_HELLO) {
        return notTls("the first handshake message is not a ClientHello");
      }
      wanted = 4 + ((head[1]! << 16) | (head[2]! << 8) | head[3]!);
      // Four bytes per record header at least: a message this long cannot fit.
      if (wanted > maxBytes) return { kind: "too_large" };
    }
    if (wanted !== -1 && gathered >= wanted) {
      const length = start + fragmentLength;
      if (length > maxBytes) return { kind: "too_large" };
      return readClientHello(concat(message, wanted).subarray(4), length);
    }
    if (end < start + fragmentLength) {
      return start + fragmentLength > maxBytes ? { kind: "too_large" } : { kind: "incomplete" };
    }
    at = start + fragmentLength;
  }
}

/** The first `n` bytes of `parts` joined. */
function concat(parts: readonly Uint8Array[], n: number): Uint8Array {
  const out = new Uint8Array(n);
  let at = 0;
  for (const part of parts) {
    if (at >= n) break;
    const take = part.subarray(0, n - at);
    out.set(take, at);
    at += take.length;
  }
  return out;
}

/** A bounds-checked reader over one message; reading past the end throws `Malformed`. */
class Cursor {
  at = 0;
  constructor(readonly bytes: Uint8Array, readonly end = bytes.length) {}
  u8(): number {
    if (this.at + 1 > this.end) throw MALFORMED;
    return this.bytes[this.at++]!;
  }
  u16(): number {
    return (this.u8() << 8) | this.u8();
  }
  take(n: number): Cursor {
    if (this.at + n > this.end) throw MALFORMED;
    const inner = new Cursor(this.bytes, this.at + n);
    inner.at = this.at;
    this.at += n;
    return inner;
  }
  get left(): number {
    return this.end - this.at;
  }
}

const MALFORMED = new Error("malformed ClientHello");
const latin1 = new TextDecoder("latin1");

/** Reads a ClientHello body (after the 4-byte handshake header). */
function readClientHello(body: Uint8Array, length: number): ClientHelloResult {
  try {
    const c = new Cursor(body);
    if (c.u8() !== 3) return notTls("the ClientHello's version is not TLS");
    const legacyVersion = 0x0300 | c.u8();
    c.take(32); // random
    const sessionId = c.u8();
    if (sessionId > 32) throw MALFORMED;
    c.take(sessionId);
    const suites = c.u16();
    if (suites < 2 || suites % 2 !== 0) throw MALFORMED;
    c.take(suites);
    const compression = c.u8();
    if (compression < 1) throw MALFORMED;
    c.take(compression);
    const hostNames: string[] = [];
    let otherNames = 0;
    let ech = false;
    let alpn: string[] | undefined;
    let versions: number[] = [legacyVersion];
    if (c.left > 0) {
      const all = c.u16();
      if (all !== c.left) throw MALFORMED;
      const seen = new Set<number>();
      const exts = c.take(all);
      while (exts.left > 0) {
        const type = exts.u16();
        const data = exts.take(exts.u16());
        // RFC 8446 §4.2: at most one extension of each type; two would be read two ways.
        if (seen.has(type)) throw MALFORMED;
        seen.add(type);
        if (type === EXT_ENCRYPTED_CLIENT_HELLO) ech = true;
        if (type === EXT_ALPN) alpn = readAlpn(data, body);
        if (type === EXT_SUPPORTED_VERSIONS) versions = readVersions(data);
        if (type !== EXT_SERVER_NAME) continue;
        const list = data.u16();
        if (list !== data.left || list === 0) throw MALFORMED;
        while (data.left > 0) {
          const nameType = data.u8();
          const name = data.take(data.u16());
          if (name.left === 0) throw MALFORMED;
          if (nameType === 0) {
            hostNames.push(latin1.decode(body.subarray(name.at, name.end)));
          } else otherNames++;
        }
      }
    }
    return { kind: "hello", hostNames, otherNames, ech, alpn, versions, length };
  } catch {
    return notTls("the ClientHello is malformed");
  }
}

/** The protocol names of an ALPN extension (RFC 7301 §3.1), Latin-1 read. */
function readAlpn(data: Cursor, body: Uint8Array): string[] {
  const list = data.u16();
  if (list !== data.left || list < 2) throw MALFORMED;
  const names: string[] = [];
  while (data.left > 0) {
    const name = data.take(data.u8());
    if (name.left === 0) throw MALFORMED;
    names.push(latin1.decode(body.subarray(name.at, name.end)));
  }
  return names;
}

/** The versions of a ClientHello's supported_versions extension (RFC 8446 §4.2.1). */
function readVersions(data: Cursor): number[] {
  const list = data.u8();
  if (list !== data.left || list < 2 || list % 2 !== 0) throw MALFORMED;
  const versions: number[] = [];
  while (data.left > 0) versions.push(data.u16());
  return versions;
}
