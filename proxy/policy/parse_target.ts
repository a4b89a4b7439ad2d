/**
 * Strict parsing of the two request targets the egress proxy accepts:
 * `CONNECT host:port` and absolute-form `http://host[:port]/path?query`.
 *
 * The authority is split by hand and every part checked, instead of trusting
 * `new URL()`: a URL parser quietly turns `0x7f.1` into `127.0.0.1`, drops tabs,
 * reads `\` as `/` and decodes `%XX` in hosts, so what the allowlist saw and
 * what would be dialled could differ. Anything ambiguous is refused.
 */

import { type Decision, deny } from "../decision.ts";
import { type Authority, splitAuthority } from "../http/authority.ts";
import { normaliseHostname } from "../egress_rule.ts";
import { parseIpv4 } from "./parse_ipv4.ts";
import { formatIpv6, parseIpv6 } from "./parse_ipv6.ts";

/** What a host is: a name to resolve, or an IP literal that must be granted exactly. */
export type TargetKind = "name" | "ipv4" | "ipv6";

/** One parsed, normalised request target. */
export interface Target {
  /** Lowercase, no trailing dot, punycode; IPv6 in canonical form without brackets. */
  readonly host: string;
  readonly port: number;
  readonly kind: TargetKind;
  /** Origin-form (`/path?query`) for absolute-form requests; `""` for CONNECT. */
  readonly path: string;
}

/** The parsed target, or the deny to answer with. */
export type TargetResult =
  | { readonly ok: true; readonly target: Target }
  | { readonly ok: false; readonly decision: Decision };

const IPV4_FORM = "write IPv4 addresses as four decimal numbers, such as 127.0.0.1";

/** Parses the authority of a `CONNECT host:port` request; the port is required. */
export function parseConnectTarget(authority: string): TargetResult {
  return parseAuthorityTarget(authority, undefined);
}

/**
 * Reads a Host field value (`host[:port]`) as the target it names, by the
 * CONNECT target's rules; a Host without a port names `defaultPort`.
 */
export function parseHostField(value: string, defaultPort: number): TargetResult {
  return parseAuthorityTarget(value, defaultPort);
}

function parseAuthorityTarget(authority: string, defaultPort: number | undefined): TargetResult {
  if (authority === "") return refuse("egress.bad_target", "the CONNECT target is empty");
  if (hasControlOrSpace(authority)) {
    return refuse("egress.bad_target", "the CONNECT target contains spaces or control characters");
  }
  if (authority.includes("@")) {
    return refuse("egress.userinfo", "credentials (user@) are not allowed in a CONNECT target");
  }
  if (/[/?#\\]/.test(authority)) {
    return refuse("egress.bad_target", "a CONNECT target is host:port only, without a path");
  }
  const parts = split(authority);
  if ("ok" in parts) return parts;
  let port = defaultPort;
  if (parts.port !== undefined) {
    const parsed = parsePort(parts.port);
    if (typeof parsed !== "number") return parsed;
    port = parsed;
  }
  if (port === undefined) {
    return refuse("egress.bad_port", `CONNECT needs a port, as in "${authority}:443"`);
  }
  const host = parseHost(parts.host, parts.bracketed);
  if ("ok" in host) return host;
  return { ok: true, target: { ...host, port, path: "" } };
}

/**
 * Parses an absolute-form request target. Only `http` is accepted: an
 * `https://` URL sent to a forward proxy would have the proxy speak TLS on the
 * client's behalf, so clients must use CONNECT for it. The port defaults to 80;
 * an empty port (`http://host:/`, legal in RFC 3986) is refused as ambiguous.
 */
export function parseAbsoluteTarget(url: string): TargetResult {
  if (url === "") return refuse("egress.bad_target", "the request target is empty");
  if (hasControlOrSpace(url)) {
    return refuse("egress.bad_target", "the request target contains spaces or control characters");
  }
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(url)?.[1];
  if (scheme === undefined) {
    return refuse("egress.bad_target", 'the request target must be an absolute "http://" URL');
  }
  const lowerScheme = scheme.toLowerCase();
  if (lowerScheme === "https") {
    return refuse(
      "egress.scheme",
      "send https:// requests through CONNECT, not as a plain request",
    );
  }
  if (lowerScheme !== "http") {
    return refuse("egress.scheme", `only http:// requests are proxied, not ${lowerScheme}:`);
  }
  const rest = url.slice(scheme.length + 1);
  if (!rest.startsWith("//")) {
    return refuse("egress.bad_target", 'write the URL as "http://host/path"');
  }
  // A URL parser reads "\" as "/" in http URLs: refuse it rather than guess which one the client meant.
  if (rest.includes("\\")) {
    return refuse("egress.bad_target", 'the request target contains "\\"');
  }
  if (rest.includes("#")) {
    return refuse("egress.bad_target", "a request target cannot carry a #fragment");
  }
  const afterSlashes = rest.slice(2);
  const end = afterSlashes.search(/[/?]/);
  const authority = end === -1 ? afterSlashes : afterSlashes.slice(0, end);
  const pathPart = end === -1 ? "" : afterSlashes.slice(end);
  // Non-ASCII is allowed in the host (IDNA) but a path must arrive percent-encoded.
  // Other visible ASCII (`|`, `{`, `"`…) passes: clients such as curl send it
  // unencoded, and it creates no ambiguity about where the request goes.
  if (/[^\u0021-\u007e]/.test(pathPart)) {
    return refuse("egress.bad_target", "the path contains characters that are not percent-encoded");
  }
  if (authority.includes("@")) {
    return refuse("egress.userinfo", "credentials (user@) are not allowed in a request URL");
  }
  if (authority === "") return refuse("egress.bad_target", "the request URL has no host");
  const parts = split(authority);
  if ("ok" in parts) return parts;
  let port = 80;
  if (parts.port !== undefined) {
    const parsed = parsePort(parts.port);
    if (typeof parsed !== "number") return parsed;
    port = parsed;
  }
  const host = parseHost(parts.host, parts.bracketed);
  if ("ok" in host) return host;
  const path = pathPart === "" ? "/" : pathPart.startsWith("?") ? `/${pathPart}` : pathPart;
  return { ok: true, target: { ...host, port, path } };
}

type Failure = { readonly ok: false; readonly decision: Decision };

/** Splits the authority with the HTTP parser's own reader; a refusal is a bad target. */
function split(text: string): Authority | Failure {
  const split = splitAuthority(text);
  return split.ok ? split.authority : refuse("egress.bad_target", split.reason);
}

/** Decimal 1–65535 without sign, spaces or leading zeros (`080` could be read as octal). */
function parsePort(text: string): number | Failure {
  if (!/^[1-9][0-9]{0,4}$/.test(text) || Number(text) > 65535) {
    return refuse("egress.bad_port", `"${text}" is not a port: use a number from 1 to 65535`);
  }
  return Number(text);
}

function parseHost(text: string, bracketed: boolean): { host: string; kind: TargetKind } | Failure {
  if (bracketed) {
    if (text.includes("%")) {
      return refuse("egress.ip_form", "IPv6 zone identifiers are not allowed");
    }
    const words = parseIpv6(text);
    if (words === undefined) {
      return refuse("egress.ip_form", `"${text}" is not a valid IPv6 address`);
    }
    return { host: formatIpv6(words), kind: "ipv6" };
  }
  if (text === "") return refuse("egress.bad_target", "the host is empty");
  if (looksNumeric(text)) {
    // The rule grammar and the dialled address must agree on one spelling:
    // 127.1, 0x7f.1, 0177.0.0.1, 2130706433 and a trailing dot are refused.
    if (parseIpv4(text) === undefined) return refuse("egress.ip_form", IPV4_FORM);
    return { host: text, kind: "ipv4" };
  }
  const host = normaliseHostname(text);
  if (typeof host !== "string") return refuse("egress.bad_target", host.reason);
  // IDNA maps full-width digits and dots to ASCII, so "１２７.０.０.１" only
  // becomes an address after normalisation: check again.
  if (looksNumeric(host)) {
    return refuse("egress.ip_form", `"${text}" spells an IP address in non-ASCII characters`);
  }
  return { host, kind: "name" };
}

/**
 * True for anything a URL parser would read as an IPv4 address: the last
 * label (after one trailing dot) is decimal digits or `0x` hex (WHATWG URL
 * "ends in a number").
 */
function looksNumeric(host: string): boolean {
  const trimmed = host.endsWith(".") ? host.slice(0, -1) : host;
  const last = trimmed.slice(trimmed.lastIndexOf(".") + 1);
  return /^(?:0x[0-9a-f]*|[0-9]+)$/i.test(last);
}

/** C0 and C1 controls, DEL and any Unicode space: URL parsers drop or split on them. */
function hasControlOrSpace(text: string): boolean {
  for (const char of text) {
    const code = char.codePointAt(0) ?? 0;
    if (code <= 0x20 || (code >= 0x7f && code <= 0x9f) || /\s/.test(char)) return true;
  }
  return false;
}

function refuse(code: string, reason: string): Failure {
  return { ok: false, decision: deny(code, reason) };
}
