/**
 * Reads an IPv4 address written the one way bottle accepts: four decimal
 * numbers from 0 to 255 without leading zeros. Every other form a URL parser
 * or `inet_aton` would take (`127.1`, `0x7f.1`, `0177.0.0.1`, `2130706433`)
 * is refused, so the text a rule names and the address dialled are the same.
 */

const DOT = 0x2e;
const ZERO = 0x30;
const NINE = 0x39;

/** Parses a canonical dotted quad into a 32-bit unsigned number; any other form gives undefined. */
export function parseIpv4(text: string): number | undefined {
  // One pass over the characters: this runs several times for every request.
  let value = 0;
  let octet = 0;
  let digits = 0;
  let dots = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === DOT) {
      if (digits === 0 || dots === 3) return undefined;
      value = value * 256 + octet;
      octet = 0;
      digits = 0;
      dots++;
      continue;
    }
    if (code < ZERO || code > NINE) return undefined;
    // A leading zero ("01", "00") is an octal spelling elsewhere: refused.
    if (digits === 1 && octet === 0) return undefined;
    octet = octet * 10 + (code - ZERO);
    digits++;
    if (octet > 255) return undefined;
  }
  if (dots !== 3 || digits === 0) return undefined;
  return value * 256 + octet;
}

/** Writes a 32-bit unsigned number as a dotted quad, so embedded addresses can be named in reasons. */
export function formatIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff].join(".");
}
