/**
 * Reads an IPv4 address written the one way bottle accepts: four decimal
 * numbers from 0 to 255 without leading zeros. Every other form a URL parser
 * or `inet_aton` would take (`127.1`, `0x7f.1`, `0177.0.0.1`, `2130706433`)
 * is refused, so the text a rule names and the address dialled are the same.
 */

const OCTET = /^(?:25[0-5]|2[0-4][0-9]|1[0-9][0-9]|[1-9]?[0-9])$/;

/** Parses a canonical dotted quad into a 32-bit unsigned number; any other form gives undefined. */
export function parseIpv4(text: string): number | undefined {
  const parts = text.split(".");
  if (parts.length !== 4) return undefined;
  let value = 0;
  for (const part of parts) {
    if (!OCTET.test(part)) return undefined;
    value = value * 256 + Number(part);
  }
  return value;
}

/** Writes a 32-bit unsigned number as a dotted quad, so embedded addresses can be named in reasons. */
export function formatIpv4(value: number): string {
  return [value >>> 24, (value >>> 16) & 0xff, (value >>> 8) & 0xff, value & 0xff].join(".");
}
