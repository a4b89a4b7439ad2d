/**
 * The encodings a known secret is looked for in. An encoded secret inside a
 * longer encoded stream only has a stable core: in base64 the characters
 * that straddle the secret's first and last bytes depend on the bytes around
 * it, and which ones do depends on where the secret starts relative to a
 * 3-byte group (5-byte for base32). So each alignment gets its own variant,
 * made of the characters that depend on the secret's bytes alone.
 */

/** One spelling of a secret and the name of its encoding. */
export interface CanaryVariant {
  readonly text: string;
  readonly encoding: string;
  /**
   * Set on standard base64: the spelling is also looked for with line breaks
   * (LF or CRLF) between its characters, as MIME (76 columns) and PEM (64
   * columns) bodies wrap it. See `compile_canaries.ts`.
   */
  readonly wrappable?: boolean;
}

const B64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
const B64URL = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";
const B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";

/**
 * The characters of `alphabet` (2^bits letters) that encode only `bytes`, when
 * they start `pad` bytes into the encoder's stream.
 */
export function stableCore(bytes: Uint8Array, pad: number, alphabet: string, bits: number): string {
  const firstBit = pad * 8;
  const endBit = firstBit + bytes.length * 8;
  let out = "";
  for (let j = Math.ceil(firstBit / bits); (j + 1) * bits <= endBit; j++) {
    let value = 0;
    for (let b = j * bits; b < (j + 1) * bits; b++) {
      const byte = bytes[(b - firstBit) >> 3]!;
      value = (value << 1) | ((byte >> (7 - ((b - firstBit) & 7))) & 1);
    }
    out += alphabet[value];
  }
  return out;
}

function hex(bytes: Uint8Array, upper: boolean): string {
  let out = "";
  for (const b of bytes) out += b.toString(16).padStart(2, "0");
  return upper ? out.toUpperCase() : out;
}

function percentAll(bytes: Uint8Array, upper: boolean): string {
  let out = "";
  for (const b of bytes) {
    out += "%" + (upper ? b.toString(16).toUpperCase() : b.toString(16)).padStart(2, "0");
  }
  return out;
}

/** `value`'s UTF-16 code units as bytes, little- or big-endian, read one byte per character. */
function utf16(value: string, littleEndian: boolean): string {
  let out = "";
  for (let i = 0; i < value.length; i++) {
    const unit = value.charCodeAt(i);
    const high = String.fromCharCode(unit >> 8);
    const low = String.fromCharCode(unit & 0xff);
    out += littleEndian ? low + high : high + low;
  }
  return out;
}

/** How bytes read as single-byte text look after `TextDecoder("latin1")` (what scans of bodies see). */
const latin1 = new TextDecoder("latin1");

/**
 * Every spelling of `value` the canary scan looks for: raw (as a string and as
 * its UTF-8 bytes read one per character), its UTF-16LE and UTF-16BE bytes
 * (read the same way, as bodies are scanned), reversed, base64 (also
 * line-wrapped) and base64url at the three alignments, base32 at the five (both cases), hex (both cases) and
 * percent-encoding (every byte, both cases, and `encodeURIComponent`'s).
 * Duplicates are dropped, keeping the first encoding named.
 */
export function canaryVariants(value: string): CanaryVariant[] {
  const bytes = new TextEncoder().encode(value);
  const variants: CanaryVariant[] = [
    { text: value, encoding: "raw" },
    { text: latin1.decode(bytes), encoding: "raw" },
    { text: [...value].reverse().join(""), encoding: "reversed" },
    { text: utf16(value, true), encoding: "utf16le" },
    { text: utf16(value, false), encoding: "utf16be" },
  ];
  for (let pad = 0; pad < 3; pad++) {
    variants.push({ text: stableCore(bytes, pad, B64, 6), encoding: "base64", wrappable: true });
  }
  for (let pad = 0; pad < 3; pad++) {
    variants.push({ text: stableCore(bytes, pad, B64URL, 6), encoding: "base64url" });
  }
  for (let pad = 0; pad < 5; pad++) {
    const core = stableCore(bytes, pad, B32, 5);
    variants.push({ text: core, encoding: "base32" }, {
      text: core.toLowerCase(),
      encoding: "base32",
    });
  }
  variants.push(
    { text: hex(bytes, false), encoding: "hex" },
    { text: hex(bytes, true), encoding: "hex" },
    { text: encodeURIComponent(value), encoding: "percent" },
    { text: percentAll(bytes, true), encoding: "percent" },
    { text: percentAll(bytes, false), encoding: "percent" },
  );
  const seen = new Set<string>();
  return variants.filter((v) => {
    if (seen.has(v.text)) return false;
    seen.add(v.text);
    return true;
  });
}
