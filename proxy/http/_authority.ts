/**
 * The URI host grammar (RFC 3986 §3.2.2) as HTTP/1.1 uses it: the Host field
 * value `uri-host [ ":" port ]` (RFC 9110 §7.2) and the CONNECT target
 * `uri-host ":" port` (RFC 9112 §3.2.3). IP literals are checked loosely
 * (hex digits, colons and dots in brackets); IPvFuture and zone IDs are refused.
 */

const HEX = /^[0-9A-Fa-f]$/;
const REG_NAME_CHAR = /^[A-Za-z0-9\-._~!$&'()*+,;=]$/;
const IP_LITERAL = /^\[[0-9A-Fa-f:.]+\]$/;

/** Whether `text` is a `reg-name`: unreserved, sub-delims and complete %XX escapes (may be empty). */
export function isRegName(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (c === "%") {
      if (!HEX.test(text[i + 1] ?? "") || !HEX.test(text[i + 2] ?? "")) return false;
      i += 2;
    } else if (!REG_NAME_CHAR.test(c)) {
      return false;
    }
  }
  return true;
}

/** Splits `host[:port]` at the port colon; the port is undefined when there is no colon. */
function splitHostPort(text: string): { host: string; port: string | undefined } | undefined {
  if (text.startsWith("[")) {
    const close = text.indexOf("]");
    if (close < 0) return undefined;
    const after = text.slice(close + 1);
    if (after !== "" && !after.startsWith(":")) return undefined;
    return { host: text.slice(0, close + 1), port: after === "" ? undefined : after.slice(1) };
  }
  const colon = text.indexOf(":");
  if (colon < 0) return { host: text, port: undefined };
  return { host: text.slice(0, colon), port: text.slice(colon + 1) };
}

function isUriHost(host: string): boolean {
  return host.startsWith("[") ? IP_LITERAL.test(host) : isRegName(host);
}

/**
 * Whether a Host field value is `uri-host [ ":" *DIGIT ]`. An empty value is
 * allowed, as RFC 9112 §3.2 has clients send one for targets without authority.
 */
export function isHostValue(value: string): boolean {
  const parts = splitHostPort(value);
  if (parts === undefined || !isUriHost(parts.host)) return false;
  return parts.port === undefined || /^[0-9]*$/.test(parts.port);
}

/**
 * Whether a CONNECT target is authority-form with a non-empty host and a port
 * in 1–65535: the proxy must be able to dial it, so the looser `*DIGIT` is not enough.
 */
export function isAuthorityForm(target: string): boolean {
  const parts = splitHostPort(target);
  if (parts === undefined || parts.host === "" || !isUriHost(parts.host)) return false;
  if (parts.port === undefined || !/^[0-9]{1,5}$/.test(parts.port)) return false;
  const port = Number(parts.port);
  return port >= 1 && port <= 65535;
}
