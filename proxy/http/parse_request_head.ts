/**
 * A strict, pure, incremental HTTP/1.1 request-head parser for the egress
 * proxy (RFC 9112). Bytes in, a value out: it never throws, never reads past
 * `maxHeaderBytes`, and refuses anything two implementations could read two
 * ways. Call it again with the grown buffer while it answers "incomplete";
 * each call rescans from the start but never more than `maxHeaderBytes`, and
 * a split anywhere gives "incomplete" and then exactly the whole buffer's answer.
 *
 * Choices where the RFC allows several (each also noted where it is made):
 * - One empty line (CRLF) before the request line is skipped, as RFC 9112 §2.2
 *   recommends for clients that end a POST body with an extra CRLF; `consumed`
 *   counts it. A second one, or a bare LF, is refused.
 * - Bare LF line endings are refused (RFC 9112 §2.2 allows accepting them).
 * - The target is 1*( VCHAR except "#" ): no fragment, no bytes ≥ 0x80, no
 *   controls or spaces; CONNECT needs authority-form with a port in 1–65535,
 *   `*` only with OPTIONS, every other method origin-form (`/…`) or
 *   absolute-form (`scheme:…`).
 * - A request line whose first bytes already break the grammar (say a TLS
 *   ClientHello sent to the plain-text port) is refused before its CRLF.
 * - Versions: HTTP/1.0 and HTTP/1.1; any other well-formed `HTTP/d.d` is 505
 *   (so `PRI * HTTP/2.0` gets 505); anything else is 400.
 * - Host (RFC 9112 §3.2): HTTP/1.1 needs exactly one; any request with more
 *   than one is refused; the value must be `uri-host [":" port]`.
 * - CONNECT with a body (Transfer-Encoding or a non-zero Content-Length) is
 *   refused: RFC 9110 §9.3.6 gives CONNECT no content, and bytes after the
 *   head are tunnel data.
 * - Framing choices are listed in `_body_framing.ts`.
 * - 405 is part of the status type for callers' method policy; the parser
 *   itself never answers it.
 */

import { isTchar, latin1, SP } from "./_bytes.ts";
import { type Authority, parseAuthorityForm, parseHostValue } from "./authority.ts";
import { type BodyFraming, bodyFraming } from "./_body_framing.ts";
import { type HeadError, headError } from "./_head_error.ts";
import type { Field } from "./_parse_field_line.ts";
import { readHead } from "./_read_head.ts";
import { type HeadLimits, resolveHeadLimits } from "./head_limits.ts";

export type { Authority } from "./authority.ts";
export type { BodyFraming } from "./_body_framing.ts";
export type { HeadError, HeadErrorStatus } from "./_head_error.ts";
export { DEFAULT_HEAD_LIMITS, type HeadLimits } from "./head_limits.ts";

/** A parsed request head: what the proxy decides on and forwards. */
export type RequestHead = {
  readonly method: string;
  readonly target: string;
  readonly version: "HTTP/1.1" | "HTTP/1.0";
  /** Field lines in order: names lowercased, values with OWS trimmed, obs-text as Latin-1. */
  readonly headers: ReadonlyArray<Field>;
  readonly framing: BodyFraming;
  /**
   * A CONNECT's target split into host and port, as the parser checked it
   * (authority-form, port 1–65535): the policy reads this, never the text again.
   */
  readonly authority?: Authority;
  /** The Host field's value split into host and port, as the parser checked it; absent without one. */
  readonly host?: Authority;
};

/** The answer for one buffer: wait for more bytes, a head, or a refusal with its status. */
export type HeadResult =
  | { readonly kind: "incomplete" }
  | { readonly kind: "head"; readonly head: RequestHead; readonly consumed: number }
  | HeadError;

type RequestLine = {
  method: string;
  target: string;
  version: "HTTP/1.1" | "HTTP/1.0";
  /** A CONNECT's target, split. */
  authority?: Authority;
};

const HASH = 0x23;

/**
 * Parses the request head at the start of `buffer`; `consumed` is its length
 * including the final CRLFCRLF, so the body (or the next request) starts there.
 */
export function parseRequestHead(buffer: Uint8Array, limits?: Partial<HeadLimits>): HeadResult {
  const read = readHead(buffer, resolveHeadLimits(limits), {
    skipLeadingCrlf: true,
    parse: parseRequestLine,
    partial: (bytes, start, end) => {
      const scan = scanRequestLine(bytes, start, end);
      return scan.kind === "error" ? scan : undefined;
    },
  });
  if (read.kind !== "lines") return read;
  const { method, target, version, authority } = read.start;
  const fields = read.fields;

  const hosts = fields.filter(([name]) => name === "host");
  if (hosts.length > 1) return headError(400, "http.duplicate_host", "more than one Host field");
  if (hosts.length === 0 && version === "HTTP/1.1") {
    return headError(400, "http.missing_host", "an HTTP/1.1 request without a Host field");
  }
  const hostField = hosts[0];
  const host = hostField === undefined ? undefined : parseHostValue(hostField[1]);
  if (hostField !== undefined && host === undefined) {
    return headError(400, "http.bad_host", "the Host field is not host[:port]");
  }

  const framing = bodyFraming(fields, version);
  if ("status" in framing) return framing;
  if (method === "CONNECT" && framing.kind !== "none" && !isEmptyLength(framing)) {
    return headError(400, "http.connect_with_body", "a CONNECT request with a body");
  }
  const head: { -readonly [K in keyof RequestHead]: RequestHead[K] } = {
    method,
    target,
    version,
    headers: fields,
    framing,
  };
  if (authority !== undefined) head.authority = authority;
  if (host !== undefined) head.host = host;
  return { kind: "head", head, consumed: read.consumed };
}

function isEmptyLength(framing: BodyFraming): boolean {
  return framing.kind === "length" && framing.length === 0;
}

/**
 * One left-to-right pass over `METHOD SP TARGET SP VERSION`, refusing at the
 * first byte that cannot belong there. Version bytes are judged only once the
 * line is complete. Used on complete and on still-arriving lines alike, so an
 * early refusal is always the refusal the complete line would get.
 */
function scanRequestLine(
  bytes: Uint8Array,
  start: number,
  end: number,
): { kind: "line"; sp1: number; sp2: number } | HeadError {
  let sp1 = -1;
  let sp2 = -1;
  for (let i = start; i < end; i++) {
    const byte = bytes[i]!;
    if (byte === 0) return headError(400, "http.nul", "the request line contains a NUL byte");
    if (sp1 < 0) {
      if (byte === SP) {
        if (i === start) return badLine("the request line starts with a space");
        sp1 = i;
      } else if (!isTchar(byte)) {
        return badLine(
          i === start ? "this is not an HTTP/1.1 request" : "the method is not a token",
        );
      }
    } else if (sp2 < 0) {
      if (byte === SP) {
        if (i === sp1 + 1) return badLine("the request target is empty or follows two spaces");
        sp2 = i;
      } else if (byte < 0x21 || byte > 0x7e || byte === HASH) {
        return headError(
          400,
          "http.bad_target",
          "the request target contains a control character, a non-ASCII byte or a fragment",
        );
      }
    } else if (byte === SP) {
      return badLine("the request line has more than three parts");
    }
  }
  return { kind: "line", sp1, sp2 };
}

function parseRequestLine(
  bytes: Uint8Array,
  start: number,
  end: number,
): { value: RequestLine } | HeadError {
  const scan = scanRequestLine(bytes, start, end);
  if (scan.kind === "error") return scan;
  const { sp1, sp2 } = scan;
  if (sp1 < 0 || sp2 < 0) return badLine("the request line is not METHOD SP TARGET SP VERSION");
  const version = latin1(bytes, sp2 + 1, end);
  if (!/^HTTP\/[0-9]\.[0-9]$/.test(version)) return badLine("the version is not HTTP/1.1");
  if (version !== "HTTP/1.1" && version !== "HTTP/1.0") {
    return headError(505, "http.bad_version", `${version} is not supported; use HTTP/1.1`);
  }
  const method = latin1(bytes, start, sp1);
  const target = latin1(bytes, sp1 + 1, sp2);
  if (method === "CONNECT") {
    const authority = parseAuthorityForm(target);
    if (authority === undefined) {
      return headError(400, "http.bad_target", "a CONNECT target must be host:port");
    }
    return { value: { method, target, version, authority } };
  }
  const formError = targetFormError(method, target);
  if (formError !== undefined) return headError(400, "http.bad_target", formError);
  return { value: { method, target, version } };
}

/** RFC 9112 §3.2: which target forms a method other than CONNECT may use. */
function targetFormError(method: string, target: string): string | undefined {
  if (target === "*") return method === "OPTIONS" ? undefined : "only OPTIONS may target *";
  if (target.startsWith("/") || /^[A-Za-z][A-Za-z0-9+.-]*:/.test(target)) return undefined;
  return "the request target is neither /path nor an absolute URI";
}

function badLine(reason: string): HeadError {
  return headError(400, "http.bad_request_line", reason);
}
