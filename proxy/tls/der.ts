/**
 * A minimal DER writer: just the ASN.1 types an X.509 certificate needs, each
 * a function from values to encoded bytes, composed by nesting. Pure; no
 * parser (bottle only writes certificates, the TLS stacks read them).
 */

/** Bytes that own their buffer (what WebCrypto and the DER writers take and give). */
export type Bytes = Uint8Array<ArrayBuffer>;

/** Universal tags used here (X.690 §8). */
const TAG = {
  boolean: 0x01,
  integer: 0x02,
  bitString: 0x03,
  octetString: 0x04,
  null: 0x05,
  oid: 0x06,
  utf8String: 0x0c,
  printableString: 0x13,
  ia5String: 0x16,
  utcTime: 0x17,
  generalizedTime: 0x18,
  sequence: 0x30,
  set: 0x31,
} as const;

/** Joins byte arrays. */
export function concatBytes(parts: readonly Uint8Array[]): Bytes {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** The DER length octets of `n` (short form below 128, else long form). */
function lengthOctets(n: number): Bytes {
  if (n < 0x80) return Uint8Array.of(n);
  const bytes: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return Uint8Array.of(0x80 | bytes.length, ...bytes);
}

/** One element: tag byte, length, contents. */
export function tlv(tag: number, contents: Uint8Array): Bytes {
  return concatBytes([Uint8Array.of(tag), lengthOctets(contents.length), contents]);
}

/** SEQUENCE of the given encoded elements. */
export function sequence(...elements: readonly Uint8Array[]): Bytes {
  return tlv(TAG.sequence, concatBytes(elements));
}

/** SET of the given encoded elements (each set here has one element, so no sorting is needed). */
export function setOf(...elements: readonly Uint8Array[]): Bytes {
  return tlv(TAG.set, concatBytes(elements));
}

/** BOOLEAN (DER: true is 0xff). */
export function boolean(value: boolean): Bytes {
  return tlv(TAG.boolean, Uint8Array.of(value ? 0xff : 0));
}

/** NULL. */
export function nullValue(): Bytes {
  return tlv(TAG.null, new Uint8Array(0));
}

/**
 * INTEGER from the big-endian bytes of a non-negative number: leading zero
 * bytes dropped (one kept for zero), one added when the top bit is set, so
 * the value reads as positive.
 */
export function unsignedInteger(bytes: Uint8Array): Bytes {
  let start = 0;
  while (start < bytes.length - 1 && bytes[start] === 0) start++;
  const trimmed = bytes.length === 0 ? Uint8Array.of(0) : bytes.subarray(start);
  const contents = (trimmed[0]! & 0x80) !== 0 ? concatBytes([Uint8Array.of(0), trimmed]) : trimmed;
  return tlv(TAG.integer, contents);
}

/** INTEGER from a small non-negative safe integer. */
export function smallInteger(n: number): Bytes {
  if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`not a small integer: ${n}`);
  const bytes: number[] = [];
  for (let rest = n; rest > 0; rest = Math.floor(rest / 256)) bytes.unshift(rest & 0xff);
  return unsignedInteger(Uint8Array.from(bytes));
}

/** OBJECT IDENTIFIER from dotted text such as `2.5.29.19`. */
export function oid(dotted: string): Bytes {
  const arcs = dotted.split(".").map((arc) => {
    if (!/^\d+$/.test(arc)) throw new RangeError(`not an OID: ${dotted}`);
    return Number(arc);
  });
  if (arcs.length < 2 || arcs[0]! > 2 || (arcs[0]! < 2 && arcs[1]! > 39)) {
    throw new RangeError(`not an OID: ${dotted}`);
  }
  const out: number[] = [];
  for (const arc of [arcs[0]! * 40 + arcs[1]!, ...arcs.slice(2)]) {
    const base128: number[] = [arc & 0x7f];
    for (let rest = Math.floor(arc / 128); rest > 0; rest = Math.floor(rest / 128)) {
      base128.unshift(0x80 | (rest & 0x7f));
    }
    out.push(...base128);
  }
  return tlv(TAG.oid, Uint8Array.from(out));
}

/** OCTET STRING. */
export function octetString(bytes: Uint8Array): Bytes {
  return tlv(TAG.octetString, bytes);
}

/** BIT STRING of whole bytes (no unused bits). */
export function bitString(bytes: Uint8Array): Bytes {
  return tlv(TAG.bitString, concatBytes([Uint8Array.of(0), bytes]));
}

/**
 * BIT STRING of named bits (bit 0 is the first, most significant bit), as
 * DER wants it: trailing zero bits removed and the unused bits counted.
 */
export function namedBits(bits: readonly number[]): Bytes {
  if (bits.length === 0) return tlv(TAG.bitString, Uint8Array.of(0));
  const highest = Math.max(...bits);
  const bytes = new Uint8Array(Math.floor(highest / 8) + 1);
  for (const bit of bits) bytes[Math.floor(bit / 8)]! |= 0x80 >> (bit % 8);
  const unused = 7 - (highest % 8);
  return tlv(TAG.bitString, concatBytes([Uint8Array.of(unused), bytes]));
}

const encoder = new TextEncoder();

/** UTF8String. */
export function utf8String(text: string): Bytes {
  return tlv(TAG.utf8String, encoder.encode(text));
}

/** IA5String (ASCII only: host names). */
export function ia5String(text: string): Bytes {
  return tlv(TAG.ia5String, ascii(text));
}

/** PrintableString (letters, digits and ` '()+,-./:=?`). */
export function printableString(text: string): Bytes {
  if (!/^[A-Za-z0-9 '()+,\-./:=?]*$/.test(text)) {
    throw new RangeError(`not printable: ${JSON.stringify(text)}`);
  }
  return tlv(TAG.printableString, ascii(text));
}

function ascii(text: string): Bytes {
  if ([...text].some((c) => c.charCodeAt(0) > 0x7f)) {
    throw new RangeError(`not ASCII: ${JSON.stringify(text)}`);
  }
  return encoder.encode(text);
}

/**
 * A certificate time (RFC 5280 §4.1.2.5): UTCTime through 2049, else
 * GeneralizedTime; whole seconds, always UTC (`Z`).
 */
export function certificateTime(date: Date): Bytes {
  const ms = date.getTime();
  if (!Number.isFinite(ms)) throw new RangeError("not a date");
  const iso = new Date(Math.floor(ms / 1000) * 1000).toISOString(); // YYYY-MM-DDTHH:MM:SS.000Z
  const year = date.getUTCFullYear();
  if (year < 1950 || year > 9999) throw new RangeError(`year out of range: ${year}`);
  const digits = iso.slice(0, 19).replace(/[-:T]/g, "") + "Z";
  return year < 2050
    ? tlv(TAG.utcTime, encoder.encode(digits.slice(2)))
    : tlv(TAG.generalizedTime, encoder.encode(digits));
}

/** `[n]` EXPLICIT: a constructed context tag around one encoded element. */
export function explicit(n: number, element: Uint8Array): Bytes {
  return tlv(0xa0 | n, element);
}

/** `[n]` IMPLICIT over a primitive type: the contents given, with the context tag. */
export function implicitPrimitive(n: number, contents: Uint8Array): Bytes {
  return tlv(0x80 | n, contents);
}

/** `[n]` IMPLICIT over a constructed type (a SEQUENCE OF): its encoded elements, with the context tag. */
export function implicitConstructed(n: number, ...elements: readonly Uint8Array[]): Bytes {
  return tlv(0xa0 | n, concatBytes(elements));
}
