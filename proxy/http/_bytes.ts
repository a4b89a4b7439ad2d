/**
 * Byte classes and conversions shared by the HTTP/1.1 parsers (RFC 9110 §5.6,
 * RFC 9112 §2). Heads are read as Latin-1 so every byte maps to one UTF-16
 * code unit and back: lengths never change and obs-text (0x80–0xFF) survives a
 * round trip untouched.
 */

/** Carriage return. */
export const CR = 0x0d;
/** Line feed. */
export const LF = 0x0a;
/** Space. */
export const SP = 0x20;
/** Horizontal tab. */
export const HTAB = 0x09;

const TCHAR = new Uint8Array(256);
for (const c of "!#$%&'*+-.^_`|~") TCHAR[c.charCodeAt(0)] = 1;
for (let c = 0x30; c <= 0x39; c++) TCHAR[c] = 1;
for (let c = 0x41; c <= 0x5a; c++) TCHAR[c] = 1;
for (let c = 0x61; c <= 0x7a; c++) TCHAR[c] = 1;

/** Whether a byte (or code unit) is an RFC 9110 `tchar`, the alphabet of methods and field names. */
export function isTchar(code: number | undefined): boolean {
  return code !== undefined && TCHAR[code] === 1;
}

/** Whether `text` is a non-empty RFC 9110 `token`. */
export function isToken(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) if (!isTchar(text.charCodeAt(i))) return false;
  return true;
}

/** Decodes bytes as Latin-1 (not windows-1252, which `TextDecoder("latin1")` really is). */
export function latin1(bytes: Uint8Array, start = 0, end = bytes.length): string {
  let out = "";
  // `apply` takes the typed array as it is; a spread would walk it with an iterator first.
  for (let i = start; i < end; i += 4096) {
    const part = bytes.subarray(i, Math.min(end, i + 4096));
    out += String.fromCharCode.apply(null, part as unknown as number[]);
  }
  return out;
}

/** Encodes a Latin-1 string to bytes; undefined when a character does not fit in one byte. */
export function latin1Bytes(text: string): Uint8Array | undefined {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) return undefined;
    out[i] = code;
  }
  return out;
}

/** Lowercases ASCII letters only, so no non-ASCII character can fold into a keyword. */
export function asciiLower(text: string): string {
  if (!ASCII_UPPER.test(text)) return text;
  return text.replace(ASCII_UPPERS, (c) => String.fromCharCode(c.charCodeAt(0) + 0x20));
}

const ASCII_UPPER = /[A-Z]/;
const ASCII_UPPERS = /[A-Z]/g;

/** Trims optional whitespace (RFC 9110 §5.6.3: SP and HTAB only, never NBSP or other spaces). */
export function trimOws(text: string): string {
  let start = 0;
  let end = text.length;
  while (start < end && isOws(text.charCodeAt(start))) start++;
  while (end > start && isOws(text.charCodeAt(end - 1))) end--;
  return text.slice(start, end);
}

function isOws(code: number): boolean {
  return code === SP || code === HTAB;
}
