/** The `\uXXXX` escapes of JSON strings, read straight from the bytes. */

function hexValue(byte: number | undefined): number {
  if (byte === undefined) return -1;
  if (byte >= 0x30 && byte <= 0x39) return byte - 0x30;
  const lower = byte | 0x20;
  if (lower >= 0x61 && lower <= 0x66) return lower - 0x61 + 10;
  return -1;
}

/** The code unit of the four hex digits at `at` (a `\uXXXX` escape's), or -1. */
export function hex4(bytes: Uint8Array, at: number): number {
  let unit = 0;
  for (let k = 0; k < 4; k++) {
    const digit = hexValue(bytes[at + k]);
    if (digit < 0) return -1;
    unit = unit * 16 + digit;
  }
  return unit;
}
