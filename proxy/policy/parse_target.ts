/**
 * Strict reading of the request targets the egress proxy accepts: a CONNECT
 * authority (`host:port`), a Host field (`host[:port]`) and an absolute-form
 * `http://host[:port]/path?query`.
 *
 * An authority is split once, by `proxy/http/authority.ts`: the head parser
 * splits a CONNECT target and a Host field as it checks them and hands the
 * split on in the head (`RequestHead.authority`, `RequestHead.host`); this
 * module only judges and normalises the parts (`connectTarget`, `hostTarget`).
 * `parseConnectTarget` and `parseAbsoluteTarget` take text, for callers with
 * no parsed head (the hook's WebFetch check; a URL's authority), and split it
 * with the same reader.
 *
 * Every part is checked instead of trusting `new URL()`: a URL parser quietly
 * turns `0x7f.1` into `127.0.0.1`, drops tabs, reads `\` as `/` and decodes
 * `%XX` in hosts, so what the allowlist saw and what would be dialled could
 * differ. Anything ambiguous is refused: 400 when the target is malformed,
 * 403 when it is a spelling bottle refuses (an IP form, userinfo, a scheme).
 */

import { type Authority, splitAuthority } from "../http/authority.ts";
import { normaliseHostname } from "../egress_rule.ts";
import { type Refusal, refusal } from "../refusal.ts";
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

/** The parsed target, or the refusal to answer with. */
export type TargetResult = { readonly kind: "target"; readonly target: Target } | Refusal;

const IPV4_FORM = "write IPv4 addresses as four decimal numbers, such as 127.0.0.1";

/**
 * The target of a CONNECT whose authority the head parser split; the port is
 * required. The parser already refused anything but a reg-name or a bracketed
 * IP literal, so only the parts are judged here.
 */
export function connectTarget(authority: Authority): TargetResult {
  return targetOf(authority, undefined);
}

/**
 * The target a Host field names, from the value the head parser split, by
 * the CONNECT target's rules; a Host without a port names `defaultPort`.
 */
export function hostTarget(authority: Authority, defaultPort: number): TargetResult {
  return targetOf(authority, defaultPort);
}

/**
 * Reads a CONNECT authority given as text (`host:port`; the port is
 * required): the checks the head parser makes on the text, then the same
 * split and judgement as {@link connectTarget}.
 */
export function parseConnectTarget(text: string): TargetResult {
  if (text === "") return malformed("the CONNECT target is empty");
  if (hasControlOrSpace(text)) {
    return malformed("the CONNECT target contains spaces or control characters");
  }
  if (text.includes("@")) {
    return refused("egress.userinfo", "credentials (user@) are not allowed in a CONNECT target");
  }
  if (/[/?#\\]/.test(text)) {
    return malformed("a CONNECT target is host:port only, without a path");
  }
  const split = splitAuthority(text);
  if (split.kind === "error") return malformed(split.reason);
  return targetOf(split.authority, undefined);
}

/** The target an authority names; its port, or `defaultPort` when it has none (undefined: required). */
function targetOf(authority: Authority, defaultPort: number | undefined): TargetResult {
  let port = defaultPort;
  if (authority.port !== undefined) {
    port = parsePort(authority.port);
    if (port === undefined) return badPort(authority.port);
  }
  if (port === undefined) {
    const written = authority.bracketed ? `[${authority.host}]` : authority.host;
    return refusal(400, "egress.bad_port", `CONNECT needs a port, as in "${written}:443"`);
  }
  const host = parseHost(authority.host, authority.bracketed);
  if (host.kind === "refuse") return host;
  return { kind: "target", target: { host: host.host, kind: host.kind, port, path: "" } };
}

/**
 * Parses an absolute-form request target. Only `http` is accepted: an
 * `https://` URL sent to a forward proxy would have the proxy speak TLS on the
 * client's behalf, so clients must use CONNECT for it. The port defaults to 80;
 * an empty port (`http://host:/`, legal in RFC 3986) is refused as ambiguous.
 */
export function parseAbsoluteTarget(url: string): TargetResult {
  if (url === "") return malformed("the request target is empty");
  if (hasControlOrSpace(url)) {
    return malformed("the request target contains spaces or control characters");
  }
  const scheme = /^([a-zA-Z][a-zA-Z0-9+.-]*):/.exec(url)?.[1];
  if (scheme === undefined) {
    return malformed('the request target must be an absolute "http://" URL');
  }
  const lowerScheme = scheme.toLowerCase();
  if (lowerScheme === "https") {
    return refused(
      "egress.scheme",
      "send https:// requests through CONNECT, not as a plain request",
    );
  }
  if (lowerScheme !== "http") {
    return refused("egress.scheme", `only http:// requests are proxied, not ${lowerScheme}:`);
  }
  const rest = url.slice(scheme.length + 1);
  if (!rest.startsWith("//")) return malformed('write the URL as "http://host/path"');
  // A URL parser reads "\" as "/" in http URLs: refuse it rather than guess which one the client meant.
  if (rest.includes("\\")) return malformed('the request target contains "\\"');
  if (rest.includes("#")) return malformed("a request target cannot carry a #fragment");
  const afterSlashes = rest.slice(2);
  const end = afterSlashes.search(/[/?]/);
  const authority = end === -1 ? afterSlashes : afterSlashes.slice(0, end);
  const pathPart = end === -1 ? "" : afterSlashes.slice(end);
  // Non-ASCII is allowed in the host (IDNA) but a path must arrive percent-encoded.
  // Other visible ASCII (`|`, `{`, `"`…) passes: clients such as curl send it
  // unencoded, and it creates no ambiguity about where the request goes.
  if (/[^\u0021-\u007e]/.test(pathPart)) {
    return malformed("the path contains characters that are not percent-encoded");
  }
  if (authority.includes("@")) {
    return refused("egress.userinfo", "credentials (user@) are not allowed in a request URL");
  }
  if (authority === "") return malformed("the request URL has no host");
  const split = splitAuthority(authority);
  if (split.kind === "error") return malformed(split.reason);
  const parsed = targetOf(split.authority, 80);
  if (parsed.kind === "refuse") return parsed;
  const path = pathPart === "" ? "/" : pathPart.startsWith("?") ? `/${pathPart}` : pathPart;
  return { kind: "target", target: { ...parsed.target, path } };
}

/** Decimal 1–65535 without sign, spaces or leading zeros (`080` could be read as octal). */
function parsePort(text: string): number | undefined {
  if (!/^[1-9][0-9]{0,4}$/.test(text) || Number(text) > 65535) return undefined;
  return Number(text);
}

function badPort(text: string): Refusal {
  return refusal(400, "egress.bad_port", `"${text}" is not a port: use a number from 1 to 65535`);
}

/** A judged host, or the refusal of it. */
type HostResult = { readonly kind: TargetKind; readonly host: string } | Refusal;

function parseHost(text: string, bracketed: boolean): HostResult {
  if (bracketed) {
    if (text.includes("%")) {
      return refused("egress.ip_form", "IPv6 zone identifiers are not allowed");
    }
    const words = parseIpv6(text);
    if (words === undefined) {
      return refused("egress.ip_form", `"${text}" is not a valid IPv6 address`);
    }
    return { kind: "ipv6", host: formatIpv6(words) };
  }
  if (text === "") return malformed("the host is empty");
  if (looksNumeric(text)) {
    // The rule grammar and the dialled address must agree on one spelling:
    // 127.1, 0x7f.1, 0177.0.0.1, 2130706433 and a trailing dot are refused.
    if (parseIpv4(text) === undefined) return refused("egress.ip_form", IPV4_FORM);
    return { kind: "ipv4", host: text };
  }
  const host = normaliseHostname(text);
  if (host.kind === "error") return malformed(host.reason);
  // IDNA maps full-width digits and dots to ASCII, so "１２７.０.０.１" only
  // becomes an address after normalisation: check again.
  if (looksNumeric(host.name)) {
    return refused("egress.ip_form", `"${text}" spells an IP address in non-ASCII characters`);
  }
  return { kind: "name", host: host.name };
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

/** A target that is not well formed: 400. */
function malformed(reason: string): Refusal {
  return refusal(400, "egress.bad_target", reason);
}

/** A well-formed target in a spelling bottle refuses (an IP form, userinfo, a scheme): 403. */
function refused(code: string, reason: string): Refusal {
  return refusal(403, code, reason);
}
