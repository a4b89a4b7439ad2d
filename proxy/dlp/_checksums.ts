/**
 * Checksums some credential formats carry, used to tell a real token from a
 * look-alike: CRC32 in base62 (GitHub's `ghp_`-style tokens and npm's `npm_`
 * tokens end in six base62 digits of the CRC32 of their random part) and
 * Bech32 (age secret keys).
 */

const CRC_TABLE: Uint32Array = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = (c & 1) !== 0 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** CRC-32 (IEEE 802.3) of an ASCII string's bytes; other characters make it meaningless, not wrong. */
export function crc32(text: string): number {
  let crc = 0xffffffff;
  for (let i = 0; i < text.length; i++) {
    crc = CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xff]! ^ (crc >>> 8);
  }
  return (crc ^ 0xffffffff) >>> 0;
}

/** The base62 alphabet these token formats use: digits, then upper, then lower case. */
export const BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";

/** `n` in base62, left-padded with `0` to `width` digits. */
export function base62(n: number, width: number): string {
  let out = "";
  let rest = n;
  while (rest > 0) {
    out = BASE62[rest % 62]! + out;
    rest = Math.floor(rest / 62);
  }
  return out.padStart(width, "0");
}

/**
 * Whether `body` ends in six base62 digits of the CRC32 of what precedes them
 * (the GitHub and npm token checksum).
 */
export function hasCrc32Base62Suffix(body: string): boolean {
  if (body.length <= 6) return false;
  return base62(crc32(body.slice(0, -6)), 6) === body.slice(-6);
}

const BECH32_CHARSET = "qpzry9x8gf2tvdw0s3jn54khce6mua7l";
const BECH32_GENERATORS = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

function bech32Polymod(values: readonly number[]): number {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = ((chk & 0x1ffffff) << 5) ^ v;
    for (let i = 0; i < 5; i++) if (((top >>> i) & 1) !== 0) chk ^= BECH32_GENERATORS[i]!;
  }
  return chk >>> 0;
}

/** Whether `text` (one case only) is a Bech32 string (BIP 173) with a valid checksum. */
export function isValidBech32(text: string): boolean {
  if (text !== text.toLowerCase() && text !== text.toUpperCase()) return false;
  const lower = text.toLowerCase();
  const sep = lower.lastIndexOf("1");
  if (sep < 1 || sep + 7 > lower.length) return false;
  const hrp = lower.slice(0, sep);
  const values: number[] = [];
  for (const ch of hrp) values.push(ch.charCodeAt(0) >>> 5);
  values.push(0);
  for (const ch of hrp) values.push(ch.charCodeAt(0) & 31);
  for (const ch of lower.slice(sep + 1)) {
    const v = BECH32_CHARSET.indexOf(ch);
    if (v === -1) return false;
    values.push(v);
  }
  return bech32Polymod(values) === 1;
}

/** Appends a valid Bech32 checksum to `hrp` + `1` + `data` (data in the Bech32 charset), for tests. */
export function bech32WithChecksum(hrp: string, data: string): string {
  const lowerHrp = hrp.toLowerCase();
  const values: number[] = [];
  for (const ch of lowerHrp) values.push(ch.charCodeAt(0) >>> 5);
  values.push(0);
  for (const ch of lowerHrp) values.push(ch.charCodeAt(0) & 31);
  for (const ch of data.toLowerCase()) values.push(BECH32_CHARSET.indexOf(ch));
  const polymod = bech32Polymod([...values, 0, 0, 0, 0, 0, 0]) ^ 1;
  let check = "";
  for (let i = 0; i < 6; i++) check += BECH32_CHARSET[(polymod >>> (5 * (5 - i))) & 31];
  return `${lowerHrp}1${data.toLowerCase()}${check}`;
}
