/**
 * The one reader of an authority (RFC 3986 §3.2.2) as HTTP/1.1 uses it: the
 * Host field value `uri-host [ ":" port ]` (RFC 9110 §7.2), the CONNECT target
 * `uri-host ":" port` (RFC 9112 §3.2.3) and the authority of an absolute-form
 * URL. The head parser splits a CONNECT target and a Host field once, as it
 * checks their grammar, and hands the split on in the head; the egress policy
 * judges those parts and never splits the same text again.
 * IP literals are checked loosely here (hex digits, colons and dots in
 * brackets); IPvFuture and zone IDs are refused.
 */

/** An authority split at its port colon: the host as written (brackets removed) and the port text. */
export interface Authority {
  /** The host as written; an IP literal without its brackets. */
  readonly host: string;
  /** Whether the host was an IP literal in brackets. */
  readonly bracketed: boolean;
  /** The text after the port colon (may be empty); undefined when there is no colon. */
  readonly port: string | undefined;
}

/** The split authority, or why it cannot be split. */
export type AuthorityResult =
  | { readonly kind: "authority"; readonly authority: Authority }
  | { readonly kind: "error"; readonly reason: string };

const IP_LITERAL_BODY = /^[0-9A-Fa-f:.]+$/;

/** 1 for the characters a reg-name may hold as they are (unreserved and sub-delims), by code. */
const REG_NAME_CHAR = new Uint8Array(128);
for (const c of "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=") {
  REG_NAME_CHAR[c.charCodeAt(0)] = 1;
}

function isHexDigit(code: number): boolean {
  return (code >= 0x30 && code <= 0x39) || (code >= 0x41 && code <= 0x46) ||
    (code >= 0x61 && code <= 0x66);
}

const PERCENT = 0x25;

/** Whether `text` is a `reg-name`: unreserved, sub-delims and complete %XX escapes (may be empty). */
export function isRegName(text: string): boolean {
  // By character code, not a regular expression per character: this runs on every head.
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === PERCENT) {
      if (!isHexDigit(text.charCodeAt(i + 1)) || !isHexDigit(text.charCodeAt(i + 2))) return false;
      i += 2;
    } else if (code >= 128 || REG_NAME_CHAR[code] !== 1) {
      return false;
    }
  }
  return true;
}

/**
 * Splits `host`, `host:port`, `[v6]` or `[v6]:port`. Brackets may only enclose
 * a whole host, and an unbracketed host has at most one colon; an empty port
 * text is kept for the caller to judge.
 */
export function splitAuthority(text: string): AuthorityResult {
  if (text.startsWith("[")) {
    const close = text.indexOf("]");
    if (close === -1) return failed('an IPv6 address needs a closing "]"');
    const after = text.slice(close + 1);
    if (after !== "" && !after.startsWith(":")) {
      return failed('only ":port" may follow an IPv6 address in brackets');
    }
    const port = after === "" ? undefined : after.slice(1);
    return { kind: "authority", authority: { host: text.slice(1, close), bracketed: true, port } };
  }
  if (/[[\]]/.test(text)) return failed("brackets may only enclose a whole IPv6 address");
  const colon = text.indexOf(":");
  if (colon !== text.lastIndexOf(":")) {
    return failed("write IPv6 addresses in brackets, such as [2001:db8::1]:443");
  }
  if (colon === -1) {
    return { kind: "authority", authority: { host: text, bracketed: false, port: undefined } };
  }
  const authority = { host: text.slice(0, colon), bracketed: false, port: text.slice(colon + 1) };
  return { kind: "authority", authority };
}

function failed(reason: string): AuthorityResult {
  return { kind: "error", reason };
}

/** Whether a split host is a `uri-host`: a bracketed IP literal or a reg-name. */
function isUriHost(authority: Authority): boolean {
  return authority.bracketed ? IP_LITERAL_BODY.test(authority.host) : isRegName(authority.host);
}

/**
 * A Host field value split, when it is `uri-host [ ":" *DIGIT ]`; undefined
 * when it is not. An empty value is allowed, as RFC 9112 §3.2 has clients send
 * one for targets without authority.
 */
export function parseHostValue(value: string): Authority | undefined {
  const split = splitAuthority(value);
  if (split.kind === "error" || !isUriHost(split.authority)) return undefined;
  const { port } = split.authority;
  return port === undefined || /^[0-9]*$/.test(port) ? split.authority : undefined;
}

/**
 * A CONNECT target split, when it is authority-form with a non-empty host and
 * a port in 1–65535 (the proxy must be able to dial it, so the looser `*DIGIT`
 * is not enough); undefined when it is not.
 */
export function parseAuthorityForm(target: string): Authority | undefined {
  const split = splitAuthority(target);
  if (split.kind === "error") return undefined;
  const { host, port } = split.authority;
  if (host === "" || !isUriHost(split.authority)) return undefined;
  if (port === undefined || !/^[0-9]{1,5}$/.test(port)) return undefined;
  const number = Number(port);
  return number >= 1 && number <= 65535 ? split.authority : undefined;
}
