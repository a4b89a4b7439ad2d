/**
 * Removes the fields that describe one connection rather than the message
 * (RFC 9110 §7.6.1), before a proxy forwards a head to the next hop.
 */

import { asciiLower, trimOws } from "./_bytes.ts";

/**
 * Fields that are always hop-by-hop: RFC 9110 §7.6.1's list, plus
 * Proxy-Connection (a pre-standard Connection) and the proxy credentials,
 * which are meant for this proxy alone and must never reach an upstream.
 */
export const HOP_BY_HOP_FIELDS: ReadonlySet<string> = new Set([
  "connection",
  "proxy-connection",
  "keep-alive",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "proxy-authorization",
  "proxy-authenticate",
]);

/**
 * Returns the headers without hop-by-hop fields: the fixed list and every
 * name a Connection field lists (any case, comma-separated, in any number of
 * Connection fields). Order is kept. Names the peer lists are removed whatever
 * they are — Content-Length and Host included — so the proxy must write the
 * framing (Content-Length or `Transfer-Encoding: chunked`) and Host for the
 * next hop itself, from the parsed head, after calling this.
 */
export function stripHopByHop(
  headers: ReadonlyArray<readonly [string, string]>,
): Array<[string, string]> {
  const drop = new Set(HOP_BY_HOP_FIELDS);
  for (const [name, value] of headers) {
    if (asciiLower(name) !== "connection") continue;
    for (const option of value.split(",")) {
      const listed = asciiLower(trimOws(option));
      if (listed !== "") drop.add(listed);
    }
  }
  return headers
    .filter(([name]) => !drop.has(asciiLower(name)))
    .map(([name, value]) => [name, value]);
}
