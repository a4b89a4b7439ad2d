/**
 * Header handling of the API proxy: which credential the bottle presented,
 * and what goes on upstream and back. Every credential header from the bottle
 * is dropped and the real one injected; hop-by-hop fields never cross; the
 * proxy writes Host and the framing fields itself.
 */
import { stripHopByHop } from "../http/hop_by_hop.ts";

/** A header field as the parsers give it: lowercased name, trimmed value. */
export type Field = readonly [name: string, value: string];

/** The real credential and how the API expects it. */
export interface Credential {
  readonly type: "oauth" | "apiKey";
  readonly value: string;
}

/** Request fields never forwarded as received. */
const DROPPED_UP = new Set([
  // Credentials: the bottle's are refused or replaced, never passed on.
  "authorization",
  "proxy-authorization",
  "x-api-key",
  "cookie",
  // Written by the proxy for the upstream hop.
  "host",
  "content-length",
  // The proxy answers `100-continue` itself.
  "expect",
  // Replaced by `identity` (an absent Accept-Encoding allows any coding): SSE
  // events stay unbuffered and the response scrubber sees plain text.
  "accept-encoding",
]);

/** Response fields never passed to the bottle (framing is written by the proxy). */
const DROPPED_DOWN = new Set(["set-cookie", "content-length"]);

/**
 * The credential the bottle presented: exactly one `Authorization: Bearer …`,
 * or (without Authorization) exactly one `x-api-key`. Anything else is none.
 */
export function presentedCredential(fields: readonly Field[]): string | undefined {
  const auth = fields.filter(([name]) => name === "authorization");
  if (auth.length > 0) {
    if (auth.length > 1) return undefined;
    return /^Bearer ([^\s]+)$/i.exec(auth[0]![1])?.[1];
  }
  const keys = fields.filter(([name]) => name === "x-api-key");
  return keys.length === 1 ? keys[0]![1] : undefined;
}

/**
 * Compares two strings in time independent of where they differ (code unit by
 * code unit over the longer one: equal strings are equal code units).
 */
export function timingSafeEqual(a: string, b: string): boolean {
  let diff = a.length ^ b.length;
  const n = Math.max(a.length, b.length);
  // charCodeAt past the end is NaN, which `| 0` makes 0.
  for (let i = 0; i < n; i++) diff |= (a.charCodeAt(i) | 0) ^ (b.charCodeAt(i) | 0);
  return diff === 0;
}

/**
 * Fields for the upstream request: Host, the bottle's own fields minus
 * credentials and hop-by-hop ones, the real credential; framing comes after.
 */
export function upstreamFields(
  incoming: readonly Field[],
  credential: Credential,
  host: string,
): Array<[string, string]> {
  const out: Array<[string, string]> = [["host", host]];
  for (const field of stripHopByHop(incoming)) if (!DROPPED_UP.has(field[0])) out.push(field);
  out.push(["accept-encoding", "identity"]);
  if (credential.type === "oauth") out.push(["authorization", `Bearer ${credential.value}`]);
  else out.push(["x-api-key", credential.value]);
  return out;
}

/** Fields for the response to the bottle: upstream's minus hop-by-hop fields, cookies and framing. */
export function downstreamFields(upstream: readonly Field[]): Array<[string, string]> {
  return stripHopByHop(upstream).filter(([name]) => !DROPPED_DOWN.has(name));
}
