/**
 * Builds TLS ClientHello bytes for tests: a plausible TLS 1.3 hello with the
 * chosen server names, GREASE values, an ECH extension or padding, split
 * into records of chosen sizes.
 */

/** What the built ClientHello carries. */
export interface HelloOptions {
  /** `host_name` entries of the server_name extension; none: no extension at all. */
  readonly names?: readonly string[];
  /** Add an encrypted_client_hello extension (0xfe0d). */
  readonly ech?: boolean;
  /** Add GREASE cipher suites and extensions (RFC 8701), as browsers do. */
  readonly grease?: boolean;
  /** Bytes of a padding extension (21), to make the hello large. */
  readonly padding?: number;
  /** An extra server_name entry of an unknown name type. */
  readonly otherNameType?: boolean;
  /** Protocols offered over ALPN; none: no ALPN extension. */
  readonly alpn?: readonly string[];
  /** The supported_versions list; default `[0x0304]`, `[]` leaves the extension out. */
  readonly versions?: readonly number[];
  /** The ClientHello's own (legacy) version; default 0x0303. */
  readonly legacyVersion?: number;
}

const u16 = (n: number) => [(n >> 8) & 0xff, n & 0xff];
const u24 = (n: number) => [(n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff];
const ext = (type: number, data: number[]) => [...u16(type), ...u16(data.length), ...data];
const ascii = (text: string) => [...text].map((c) => c.charCodeAt(0) & 0xff);

/** The handshake message (type 1, length, body) of a ClientHello. */
export function clientHelloMessage(options: HelloOptions = {}): Uint8Array {
  const suites = [0x13, 0x01, 0x13, 0x02, 0xc0, 0x2f];
  if (options.grease === true) suites.unshift(0x3a, 0x3a);
  const extensions: number[] = [];
  if (options.grease === true) extensions.push(...ext(0x0a0a, []));
  if (options.names !== undefined) {
    const entries = options.names.flatMap((name) => [0, ...u16(name.length), ...ascii(name)]);
    if (options.otherNameType === true) entries.push(7, ...u16(3), 1, 2, 3);
    extensions.push(...ext(0, [...u16(entries.length), ...entries]));
  }
  if (options.alpn !== undefined) {
    const list = options.alpn.flatMap((name) => [name.length, ...ascii(name)]);
    extensions.push(...ext(0x0010, [...u16(list.length), ...list]));
  }
  const versions = options.versions ?? [0x0304];
  if (versions.length > 0) {
    extensions.push(...ext(0x002b, [versions.length * 2, ...versions.flatMap(u16)])); // supported_versions
  }
  extensions.push(...ext(0x000a, [0, 4, 0x00, 0x1d, 0x00, 0x17])); // supported_groups
  extensions.push(...ext(0x0033, [0, 36, 0x00, 0x1d, 0, 32, ...new Array(32).fill(9)])); // key_share
  if (options.ech === true) extensions.push(...ext(0xfe0d, [0, 0, 1, 0, 1, 0x42, 0, 0, 0, 0]));
  if (options.grease === true) extensions.push(...ext(0x1a1a, [0]));
  if (options.padding !== undefined) {
    extensions.push(...ext(21, new Array(options.padding).fill(0)));
  }
  const body = [
    ...u16(options.legacyVersion ?? 0x0303),
    ...new Array(32).fill(7), // random
    32,
    ...new Array(32).fill(5), // session id
    ...u16(suites.length),
    ...suites,
    1,
    0, // compression: null
    ...u16(extensions.length),
    ...extensions,
  ];
  return new Uint8Array([1, ...u24(body.length), ...body]);
}

/** `message` cut into handshake records (type 22) of at most the given sizes, the last repeated. */
export function inRecords(message: Uint8Array, sizes: readonly number[] = [16_384]): Uint8Array {
  const out: number[] = [];
  let at = 0;
  let i = 0;
  while (at < message.length) {
    const size = Math.max(1, Math.min(sizes[Math.min(i++, sizes.length - 1)]!, 16_384));
    const part = message.subarray(at, at + size);
    out.push(22, 0x03, 0x01, ...u16(part.length), ...part);
    at += part.length;
  }
  return new Uint8Array(out);
}

/** A ClientHello in one record. */
export function clientHello(options: HelloOptions = {}): Uint8Array {
  return inRecords(clientHelloMessage(options));
}
