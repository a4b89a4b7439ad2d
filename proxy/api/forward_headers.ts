/**
 * Header handling of the API proxy: which credential the bottle presented,
 * and what goes on upstream and back. Every credential header from the bottle
 * is dropped and the real one injected; hop-by-hop fields never cross.
 */
import { HOP_BY_HOP_FIELDS } from "../http/hop_by_hop.ts";

/** The real credential and how the API expects it. */
export interface Credential {
  readonly type: "oauth" | "apiKey";
  readonly value: string;
}

/** Request headers that carry credentials; none is ever forwarded as received. */
const CREDENTIAL_HEADERS = ["authorization", "proxy-authorization", "x-api-key", "cookie"];

/** RFC 9110 §7.6.1 hop-by-hop fields, plus ones the proxy sets itself. */
const HOP_BY_HOP = [
  ...HOP_BY_HOP_FIELDS,
  "host",
  "content-length",
  // Asking upstream for identity keeps SSE events unbuffered and lets future body
  // scanning see plain text.
  "accept-encoding",
];

/** The credential the bottle presented (`Authorization: Bearer …` or `x-api-key`). */
export function presentedCredential(headers: Headers): string | undefined {
  const auth = headers.get("authorization");
  if (auth !== null) {
    const match = /^Bearer ([^\s]+)$/i.exec(auth.trim());
    return match?.[1];
  }
  return headers.get("x-api-key") ?? undefined;
}

/** Compares two strings in time independent of where they differ. */
export function timingSafeEqual(a: string, b: string): boolean {
  const x = new TextEncoder().encode(a);
  const y = new TextEncoder().encode(b);
  let diff = x.length ^ y.length;
  for (let i = 0; i < Math.max(x.length, y.length); i++) diff |= (x[i] ?? 0) ^ (y[i] ?? 0);
  return diff === 0;
}

function withoutConnectionListed(headers: Headers): string[] {
  const listed = (headers.get("connection") ?? "").split(",").map((s) => s.trim().toLowerCase());
  return [...HOP_BY_HOP, ...listed.filter((s) => s !== "")];
}

/** Headers for the upstream request: the bottle's own minus credentials and hop-by-hop, plus the real credential. */
export function upstreamHeaders(incoming: Headers, credential: Credential): Headers {
  const drop = new Set([...withoutConnectionListed(incoming), ...CREDENTIAL_HEADERS]);
  const out = new Headers();
  for (const [name, value] of incoming) if (!drop.has(name)) out.append(name, value);
  if (credential.type === "oauth") out.set("authorization", `Bearer ${credential.value}`);
  else out.set("x-api-key", credential.value);
  return out;
}

/** Headers for the response to the bottle: upstream's minus hop-by-hop fields and cookies. */
export function downstreamHeaders(upstream: Headers): Headers {
  const drop = new Set([...withoutConnectionListed(upstream), "set-cookie", "content-encoding"]);
  const out = new Headers();
  for (const [name, value] of upstream) if (!drop.has(name)) out.append(name, value);
  return out;
}
