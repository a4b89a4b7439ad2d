/**
 * Which request targets the API proxy forwards. Only the Messages API's own
 * paths pass, compared after refusing anything that could be normalised into
 * something else (dot segments, percent-encoding, backslashes, doubled slashes).
 */
import { type Decision, deny } from "../decision.ts";

/** A policy deny: its code and words. */
type Denial = Extract<Decision, { readonly kind: "deny" }>;

/** A target the proxy will forward: the path and the raw query to pass on. */
export interface ApiTarget {
  readonly path: string;
  readonly query: string;
}

/** The target to forward, or the deny that refuses it. */
export type ApiTargetResult = { readonly kind: "target"; readonly target: ApiTarget } | Denial;

const ALLOWED = [
  /^\/v1\/messages$/,
  /^\/v1\/messages\/count_tokens$/,
  /^\/v1\/models$/,
  /^\/v1\/models\/[A-Za-z0-9._:-]{1,128}$/,
];

/** Checks an origin-form request target; anything not on the allowlist is denied. */
export function checkApiTarget(target: string): ApiTargetResult {
  const refuse = (why: string) => deny("api.path_not_allowed", why) as Denial;
  if (!target.startsWith("/")) return refuse("only origin-form request targets are accepted");
  if (target.includes("#")) return refuse("fragments are not allowed in a request target");
  const q = target.indexOf("?");
  const path = q === -1 ? target : target.slice(0, q);
  const query = q === -1 ? "" : target.slice(q + 1);
  if (/[%\\]|\/\/|\/\.\.?(\/|$)/.test(path) || hasControlOrSpace(path)) {
    return refuse(`the path ${JSON.stringify(path)} is not in normal form`);
  }
  if (hasControlOrSpace(query)) return refuse("the query has characters that must be encoded");
  if (!ALLOWED.some((pattern) => pattern.test(path))) {
    return refuse(`${path} is not a Messages API path bottle forwards`);
  }
  return { kind: "target", target: { path, query } };
}

function hasControlOrSpace(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c <= 0x20 || c === 0x7f) return true;
  }
  return false;
}
