/**
 * A small IPv6 parser of bottle's own, so the egress policy does not depend on
 * what a URL parser chooses to normalise. It reads the RFC 4291 §2.2 text
 * forms (full, `::`-compressed, and with a trailing dotted quad) into eight
 * 16-bit words, and refuses zone identifiers (`%eth0`, `%25eth0`) and every
 * malformed form instead of guessing.
 */

import { parseIpv4 } from "./parse_ipv4.ts";

const HEX_WORD = /^[0-9a-fA-F]{1,4}$/;

/** Parses IPv6 text (without brackets) into eight 16-bit words; zone IDs and malformed text give undefined. */
export function parseIpv6(text: string): number[] | undefined {
  // A zone identifier names an interface of this machine: never meaningful for
  // egress. Refused by name, though "%" would fail the hex-digit check anyway.
  if (text.includes("%")) return undefined;
  const halves = text.split("::");
  const [head, tail] = halves;
  if (head === undefined || halves.length > 2) return undefined;
  if (tail === undefined) {
    const words = parseGroups(head, true);
    return words?.length === 8 ? words : undefined;
  }
  const left = parseGroups(head, false);
  const right = parseGroups(tail, true);
  // "::" stands for at least one zero word (RFC 4291 §2.2 allows exactly one).
  if (left === undefined || right === undefined || left.length + right.length > 7) {
    return undefined;
  }
  const zeros = new Array<number>(8 - left.length - right.length).fill(0);
  return [...left, ...zeros, ...right];
}

/**
 * Writes eight words in the canonical text form: lowercase hex without leading
 * zeros, the longest run of two or more zero words (the first on a tie)
 * compressed to `::`. This is also the form the WHATWG URL parser produces
 * (embedded IPv4 written in hex), so it compares equal to the addresses
 * `parseEgressRule` stores.
 */
export function formatIpv6(words: readonly number[]): string {
  let bestStart = -1;
  let bestLength = 1;
  for (let start = 0; start < words.length;) {
    if (words[start] !== 0) {
      start++;
      continue;
    }
    let end = start;
    while (end < words.length && words[end] === 0) end++;
    if (end - start > bestLength) {
      bestStart = start;
      bestLength = end - start;
    }
    start = end;
  }
  const hex = (word: number) => word.toString(16);
  if (bestStart === -1) return words.map(hex).join(":");
  return `${words.slice(0, bestStart).map(hex).join(":")}::${
    words.slice(bestStart + bestLength).map(hex).join(":")
  }`;
}

/** Reads `a:b:c` groups; only the address's last group may be a dotted quad (two words). */
function parseGroups(text: string, lastMayBeIpv4: boolean): number[] | undefined {
  if (text === "") return [];
  const parts = text.split(":");
  const words: number[] = [];
  for (const [index, part] of parts.entries()) {
    if (lastMayBeIpv4 && index === parts.length - 1 && part.includes(".")) {
      const ipv4 = parseIpv4(part);
      if (ipv4 === undefined) return undefined;
      words.push(ipv4 >>> 16, ipv4 & 0xffff);
    } else if (HEX_WORD.test(part)) {
      words.push(parseInt(part, 16));
    } else {
      return undefined;
    }
  }
  return words;
}
