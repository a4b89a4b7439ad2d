/**
 * Property-based tests: requests generated from the RFC 9112 grammar, then
 * mutated (bytes inserted, deleted and replaced; lines duplicated; CR, LF,
 * NUL and SP injected; smuggling fields added; huge repeats), are thrown at
 * parseRequestHead, and chunked bodies likewise at ChunkedDecoder.
 *
 * Each answer is checked against a reference written separately below: a
 * plain regex reading of the same rules that knows nothing of the parser's
 * byte loops. On a complete head the two must agree exactly (accept and
 * return the same head, or both refuse); on an unfinished one the parser may
 * only wait or refuse. Every input is also re-parsed cut at a random offset,
 * which must give "incomplete" or the very same answer.
 *
 * fast-check picks a fresh seed per run and prints it with any failure, so a
 * failure can be replayed with `{ seed, path }` in the assert options.
 */

import { deepStrictEqual, ok } from "node:assert/strict";
import fc from "fast-check";
import { ChunkedDecoder, type ChunkedLimits } from "./chunked_decoder.ts";
import type { Authority } from "./authority.ts";
import {
  DEFAULT_HEAD_LIMITS,
  type HeadLimits,
  type HeadResult,
  parseRequestHead,
  type RequestHead,
} from "./parse_request_head.ts";

// ---------------------------------------------------------------------------
// Reference: RFC 9112 request heads as regular expressions, under the same rules.
// ---------------------------------------------------------------------------

const TCHAR = "[!#$%&'*+\\-.^_`|~0-9A-Za-z]";
const REQUEST_LINE = new RegExp(`^(${TCHAR}+) ([\\x21\\x22\\x24-\\x7e]+) (HTTP/1\\.[01])$`);
const FIELD_LINE = new RegExp(`^(${TCHAR}+):([\\t\\x20-\\x7e\\x80-\\xff]*)$`);
const REG_NAME = "(?:[A-Za-z0-9\\-._~!$&'()*+,;=]|%[0-9A-Fa-f]{2})";
const IP_LITERAL = "\\[([0-9A-Fa-f:.]+)\\]";
const AUTHORITY_FORM = new RegExp(`^(?:${IP_LITERAL}|(${REG_NAME}+)):([0-9]{1,5})$`);
const HOST_VALUE = new RegExp(`^(?:${IP_LITERAL}|(${REG_NAME}*))(?::([0-9]*))?$`);
const ABSOLUTE_FORM = /^[A-Za-z][A-Za-z0-9+.\-]*:/;

type Reference =
  | { readonly kind: "accept"; readonly head: RequestHead; readonly consumed: number }
  | { readonly kind: "reject" }
  | { readonly kind: "unterminated" };

const REJECT: Reference = { kind: "reject" };

/** Strips SP and HTAB at both ends, in linear time. */
function owsTrim(value: string): string {
  return value.replace(/^[\t ]+/, "").replace(/(?<![\t ])[\t ]+$/, "");
}

/** Reads a request head the slow, obvious way. */
function referenceRequest(text: string, limits: HeadLimits): Reference {
  const skip = text.startsWith("\r\n") ? 2 : 0;
  const rest = text.slice(skip);
  if (rest.startsWith("\r\n")) return REJECT; // an empty request line
  const end = rest.indexOf("\r\n\r\n");
  if (end < 0) return { kind: "unterminated" };
  const consumed = skip + end + 4;
  if (consumed > limits.maxHeaderBytes) return REJECT;
  const lines = rest.slice(0, end).split("\r\n");
  if (lines.some((line) => /[\r\n]/.test(line))) return REJECT;
  const [requestLine = "", ...fieldLines] = lines;
  if (requestLine.length > limits.maxRequestLine) return REJECT;
  if (fieldLines.length > limits.maxHeaders) return REJECT;

  const line = REQUEST_LINE.exec(requestLine);
  if (line === null) return REJECT;
  const [, method = "", target = "", version = ""] = line;
  let authority: Authority | undefined;
  if (method === "CONNECT") {
    const form = AUTHORITY_FORM.exec(target);
    const port = form?.[3];
    if (form === null || port === undefined || Number(port) < 1 || Number(port) > 65535) {
      return REJECT;
    }
    authority = { host: form[1] ?? form[2] ?? "", bracketed: form[1] !== undefined, port };
  } else if (target === "*") {
    if (method !== "OPTIONS") return REJECT;
  } else if (!target.startsWith("/") && !ABSOLUTE_FORM.test(target)) {
    return REJECT;
  }

  const headers: [string, string][] = [];
  for (const fieldLine of fieldLines) {
    const field = FIELD_LINE.exec(fieldLine);
    if (field === null) return REJECT;
    headers.push([(field[1] ?? "").toLowerCase(), owsTrim(field[2] ?? "")]);
  }
  const valuesOf = (name: string) => headers.filter(([n]) => n === name).map(([, v]) => v);

  const hosts = valuesOf("host");
  if (hosts.length > 1 || (hosts.length === 0 && version === "HTTP/1.1")) return REJECT;
  const hostValue = hosts.length === 1 ? HOST_VALUE.exec(hosts[0] ?? "") : undefined;
  if (hostValue === null) return REJECT;
  const host: Authority | undefined = hostValue === undefined ? undefined : {
    host: hostValue[1] ?? hostValue[2] ?? "",
    bracketed: hostValue[1] !== undefined,
    port: hostValue[3],
  };

  const lengths = valuesOf("content-length");
  const codings = valuesOf("transfer-encoding");
  let framing: RequestHead["framing"] = { kind: "none" };
  if (lengths.length > 0 && codings.length > 0) return REJECT;
  if (codings.length > 0) {
    if (version === "HTTP/1.0" || !/^chunked$/i.test(codings.join(","))) return REJECT;
    framing = { kind: "chunked" };
  }
  if (lengths.length > 0) {
    const items = lengths.join(",").split(",").map(owsTrim);
    if (!items.every((item) => /^[0-9]+$/.test(item))) return REJECT;
    if (new Set(items).size !== 1) return REJECT;
    const length = BigInt(items[0] ?? "");
    if (length > BigInt(Number.MAX_SAFE_INTEGER)) return REJECT;
    framing = { kind: "length", length: Number(length) };
  }
  if (
    method === "CONNECT" &&
    (framing.kind === "chunked" || (framing.kind === "length" && framing.length > 0))
  ) {
    return REJECT;
  }
  return {
    kind: "accept",
    head: {
      method,
      target,
      version: version as RequestHead["version"],
      headers,
      framing,
      ...(authority === undefined ? {} : { authority }),
      ...(host === undefined ? {} : { host }),
    },
    consumed,
  };
}

// ---------------------------------------------------------------------------
// Generators: valid requests from the grammar, then mutations.
// ---------------------------------------------------------------------------

const chars = (alphabet: string, minLength: number, maxLength: number) =>
  fc.string({ unit: fc.constantFrom(...alphabet), minLength, maxLength });

const TCHARS = "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
const TARGET_CHARS = "abcxyzABC0129-._~!$&'()*+,;=:@/%?\"|{}^`[]\\<>";
const VALUE_CHARS = "abcXYZ019 \t!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~\x80\xa0\xe9\xff";
const HOST_CHARS = "abcxyz0129-.";

const token = chars(TCHARS, 1, 10);
const method = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constantFrom("GET", "POST", "PUT", "DELETE", "HEAD", "PATCH", "OPTIONS"),
  },
  { weight: 1, arbitrary: token.map((t) => (t === "CONNECT" ? "GET" : t)) },
);
const hostName = fc.oneof(
  { weight: 4, arbitrary: chars(HOST_CHARS, 1, 16) },
  {
    weight: 1,
    arbitrary: fc.constantFrom("[::1]", "127.0.0.1", "[2001:db8::7]", "xn--bcher-kva.example"),
  },
);
const port = fc.integer({ min: 1, max: 65535 });
const originTarget = chars(TARGET_CHARS, 0, 24).map((path) => `/${path}`);
const absoluteTarget = fc
  .tuple(
    fc.constantFrom("http", "https", "HTTP", "ws", "a+b.c-d"),
    hostName,
    fc.option(port),
    originTarget,
  )
  .map(([scheme, host, p, path]) => `${scheme}://${host}${p === null ? "" : `:${p}`}${path}`);
const startLine = fc.oneof(
  { weight: 6, arbitrary: fc.tuple(method, fc.oneof(originTarget, absoluteTarget)) },
  {
    weight: 2,
    arbitrary: fc.tuple(
      fc.constant("CONNECT"),
      fc.tuple(hostName, port).map(([h, p]) => `${h}:${p}`),
    ),
  },
  { weight: 1, arbitrary: fc.tuple(fc.constant("OPTIONS"), fc.constant("*")) },
);
const fieldName = fc
  .oneof(
    fc.constantFrom(
      "Accept",
      "User-Agent",
      "connection",
      "X-Forwarded-For",
      "COOKIE",
      "te",
      "Upgrade",
    ),
    token,
  )
  .filter((name) => !["host", "content-length", "transfer-encoding"].includes(name.toLowerCase()));
const ows = chars(" \t", 0, 2);
const fieldValue = fc.tuple(ows, chars(VALUE_CHARS, 0, 24), ows).map(([a, v, b]) => `${a}${v}${b}`);
const field = fc.tuple(fieldName, fieldValue).map(([n, v]) => `${n}:${v}`);

/** A grammatical request head, maybe with a body and a pipelined tail. */
const validRequest = fc
  .record({
    leadingCrlf: fc.oneof({ weight: 9, arbitrary: fc.constant(false) }, {
      weight: 1,
      arbitrary: fc.constant(true),
    }),
    line: startLine,
    http10: fc.oneof({ weight: 4, arbitrary: fc.constant(false) }, {
      weight: 1,
      arbitrary: fc.constant(true),
    }),
    host: fc.tuple(fc.constantFrom("Host", "host", "HOST"), hostName, fc.option(port), ows),
    omitHost10: fc.boolean(),
    hostAt: fc.nat(),
    fields: fc.array(field, { maxLength: 6 }),
    framing: fc.constantFrom("none", "length", "length-list", "length-twice", "chunked"),
    length: fc.oneof(fc.nat({ max: 64 }), fc.constant(Number.MAX_SAFE_INTEGER)),
    tail: fc.constantFrom("", "GET / HTTP/1.1\r\nHost: a\r\n\r\n", "\x00\xff garbage"),
  })
  .map((r) => {
    const [m, target] = r.line;
    const version = r.http10 ? "HTTP/1.0" : "HTTP/1.1";
    const fields = [...r.fields];
    if (!(r.http10 && r.omitHost10)) {
      const [name, host, p, space] = r.host;
      fields.splice(
        r.hostAt % (fields.length + 1),
        0,
        `${name}:${space}${host}${p === null ? "" : `:${p}`}`,
      );
    }
    let body = "";
    const connect = m === "CONNECT";
    if (r.framing === "chunked" && !r.http10 && !connect) {
      fields.push("Transfer-Encoding: chunked");
      body = "3\r\nabc\r\n0\r\n\r\n";
    } else if (r.framing !== "none" && r.framing !== "chunked") {
      const n = connect ? 0 : r.length;
      if (r.framing === "length") fields.push(`Content-Length: ${n}`);
      if (r.framing === "length-list") fields.push(`Content-Length: ${n} ,${n}`);
      if (r.framing === "length-twice") fields.push(`content-length: ${n}`, `Content-Length:${n}`);
      if (n <= 64) body = "b".repeat(n);
    }
    const head = `${r.leadingCrlf ? "\r\n" : ""}${m} ${target} ${version}\r\n${
      fields.map((f) => `${f}\r\n`).join("")
    }\r\n`;
    return `${head}${body}${r.tail}`;
  });

const INTERESTING = [
  "\r",
  "\n",
  "\r\n",
  "\0",
  " ",
  "\t",
  ":",
  ",",
  ";",
  "=",
  "\x7f",
  "\x80",
  "\xa0",
  "\xff",
  "\x0b",
  "\x1b",
  "0",
  "9",
  "-",
  "a",
  "A",
  "/",
  "#",
  "*",
  '"',
  "\\",
  "@",
  "[",
  "\r\n ",
  "\r\n\t",
  "\r\n\r\n",
  " HTTP/1.1",
  "HTTP/2.0",
  "chunked",
  ", chunked",
  "Content-Length: ",
  "Transfer-Encoding: ",
  "Host: ",
];
const INJECTED_FIELDS = [
  "Content-Length: 0",
  "Content-Length: 5",
  "Content-Length: 05",
  "Content-Length: 5, 5",
  "Content-Length: 5, 6",
  "Content-Length: 9007199254740991",
  "Content-Length: 9007199254740992",
  "Content-Length: 18446744073709551616",
  "Content-Length: -1",
  "Content-Length: +5",
  "Content-Length:",
  "Content-Length: 1e3",
  "Transfer-Encoding: chunked",
  "Transfer-Encoding: CHUNKED",
  "Transfer-Encoding: gzip, chunked",
  "Transfer-Encoding: chunked, gzip",
  "Transfer-Encoding: chunked, chunked",
  "Transfer-Encoding: identity",
  "Transfer-Encoding:\tchunked\t",
  "Transfer-Encoding: chunked\xa0",
  "Host: a.example",
  "Host: a.example:8080",
  "Host: bad host",
  "Host:",
  "Host: [::1]",
  "host: a@b",
  " folded",
  "\tfolded",
  "X-Space : v",
  "X-Nul: a\0b",
  "X\0Name: v",
  "X-Ctl: \x01",
  "Connection: close, te",
  ": empty-name",
  "NoColon",
  "Proxy-Connection: keep-alive",
];

type Mutation =
  | { op: "insert"; at: number; text: string }
  | { op: "delete"; at: number; length: number }
  | { op: "replace"; at: number; text: string }
  | { op: "byte"; at: number; byte: number }
  | { op: "dupLine"; at: number }
  | { op: "inject"; at: number; field: string }
  | { op: "lfOnly"; at: number }
  | { op: "truncate"; at: number }
  | { op: "repeat"; at: number; length: number; times: number };

const mutation: fc.Arbitrary<Mutation> = fc.oneof(
  fc.record({
    op: fc.constant("insert" as const),
    at: fc.nat(),
    text: fc.constantFrom(...INTERESTING),
  }),
  fc.record({
    op: fc.constant("delete" as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 4 }),
  }),
  fc.record({
    op: fc.constant("replace" as const),
    at: fc.nat(),
    text: fc.constantFrom(...INTERESTING),
  }),
  fc.record({
    op: fc.constant("byte" as const),
    at: fc.nat(),
    byte: fc.integer({ min: 0, max: 255 }),
  }),
  fc.record({ op: fc.constant("dupLine" as const), at: fc.nat() }),
  fc.record({
    op: fc.constant("inject" as const),
    at: fc.nat(),
    field: fc.constantFrom(...INJECTED_FIELDS),
  }),
  fc.record({ op: fc.constant("lfOnly" as const), at: fc.nat() }),
  fc.record({ op: fc.constant("truncate" as const), at: fc.nat() }),
  fc.record({
    op: fc.constant("repeat" as const),
    at: fc.nat(),
    length: fc.integer({ min: 1, max: 16 }),
    times: fc.oneof(fc.integer({ min: 2, max: 40 }), fc.integer({ min: 500, max: 5000 })),
  }),
);

function mutate(text: string, m: Mutation): string {
  const at = m.at % (text.length + 1);
  switch (m.op) {
    case "insert":
      return text.slice(0, at) + m.text + text.slice(at);
    case "delete":
      return text.slice(0, at) + text.slice(at + m.length);
    case "replace":
      return text.slice(0, at) + m.text + text.slice(at + m.text.length);
    case "byte":
      return text.slice(0, at) + String.fromCharCode(m.byte) + text.slice(at + 1);
    case "dupLine": {
      const start = text.lastIndexOf("\r\n", at) + 2;
      const end = text.indexOf("\r\n", start);
      if (start < 2 || end < 0) return text;
      return text.slice(0, end + 2) + text.slice(start, end + 2) + text.slice(end + 2);
    }
    case "inject": {
      const after = text.indexOf("\r\n", at);
      if (after < 0) return text;
      return `${text.slice(0, after + 2)}${m.field}\r\n${text.slice(after + 2)}`;
    }
    case "lfOnly": {
      const crlf = text.indexOf("\r\n", at);
      return crlf < 0 ? text : text.slice(0, crlf) + text.slice(crlf + 1);
    }
    case "truncate":
      return text.slice(0, at);
    case "repeat":
      return text.slice(0, at) + text.slice(at, at + m.length).repeat(m.times) +
        text.slice(at + m.length);
  }
}

const mutatedRequest = fc
  .tuple(validRequest, fc.array(mutation, { minLength: 1, maxLength: 4 }))
  .map(([text, mutations]) => mutations.reduce(mutate, text));

const tightLimits: fc.Arbitrary<HeadLimits> = fc.record({
  maxRequestLine: fc.integer({ min: 1, max: 80 }),
  maxHeaderBytes: fc.integer({ min: 1, max: 400 }),
  maxHeaders: fc.integer({ min: 1, max: 6 }),
});

// ---------------------------------------------------------------------------
// The properties.
// ---------------------------------------------------------------------------

function bytes(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) out[i] = text.charCodeAt(i);
  return out;
}
const STATUSES = new Set([400, 405, 414, 431, 501, 505]);

let requestsTried = 0;
/** Outcome counts ("head/accept", "error/reject", …) and refusal codes seen, for the coverage check. */
const STATS: Record<string, number> = {};
const count = (key: string) => (STATS[key] = (STATS[key] ?? 0) + 1);
let chunkedTried = 0;

/** Never throws, stays in bounds, agrees with the reference, and is split-invariant. */
function checkRequest(text: string, limits: HeadLimits, cut: number): HeadResult {
  requestsTried++;
  const buffer = bytes(text);
  const result = parseRequestHead(buffer, limits);
  switch (result.kind) {
    case "incomplete":
      ok(buffer.length < limits.maxHeaderBytes, "incomplete past maxHeaderBytes");
      break;
    case "head":
      ok(result.consumed > 0 && result.consumed <= buffer.length, "consumed outside the buffer");
      ok(result.consumed <= limits.maxHeaderBytes, "head longer than maxHeaderBytes");
      ok(result.head.headers.length <= limits.maxHeaders, "more fields than maxHeaders");
      break;
    case "error":
      ok(STATUSES.has(result.status), `status ${result.status}`);
      ok(/^http\.[a-z0-9_]+$/.test(result.code) && result.reason.length > 0, result.code);
      break;
    default:
      throw new Error(`unknown result ${JSON.stringify(result)}`);
  }
  const reference = referenceRequest(text, limits);
  count(`${result.kind}/${reference.kind}`);
  if (result.kind === "error") count(result.code);
  if (reference.kind === "accept") {
    deepStrictEqual(result, { kind: "head", head: reference.head, consumed: reference.consumed });
  } else if (reference.kind === "reject") {
    ok(result.kind === "error", `the reference refuses what the parser answers ${result.kind}`);
  } else {
    ok(result.kind !== "head", "a head without its CRLFCRLF");
  }
  const early = parseRequestHead(buffer.subarray(0, cut % (buffer.length + 1)), limits);
  if (early.kind !== "incomplete") deepStrictEqual(early, result, "a prefix answered differently");
  return result;
}

Deno.test("parseRequestHead() accepts every request generated from the grammar, as the reference reads it", () => {
  fc.assert(
    fc.property(validRequest, fc.nat(), (text, cut) => {
      const result = checkRequest(text, DEFAULT_HEAD_LIMITS, cut);
      ok(result.kind === "head", `${JSON.stringify(text)} → ${JSON.stringify(result)}`);
    }),
    { numRuns: 20_000 },
  );
});

Deno.test("parseRequestHead() never throws, stays bounded and accepts only what the reference accepts, on mutated requests", () => {
  fc.assert(
    fc.property(mutatedRequest, fc.nat(), (text, cut) => {
      checkRequest(text, DEFAULT_HEAD_LIMITS, cut);
    }),
    { numRuns: 100_000 },
  );
});

Deno.test("parseRequestHead() keeps to tight limits on mutated requests", () => {
  fc.assert(
    fc.property(
      fc.oneof(validRequest, mutatedRequest),
      tightLimits,
      fc.nat(),
      (text, limits, cut) => {
        checkRequest(text, limits, cut);
      },
    ),
    { numRuns: 30_000 },
  );
});

// ---------------------------------------------------------------------------
// Chunked bodies: a reference decoder and the same kind of properties.
// ---------------------------------------------------------------------------

const QUOTED =
  '"(?:[\\t \\x21\\x23-\\x5b\\x5d-\\x7e\\x80-\\xff]|\\\\[\\t \\x21-\\x7e\\x80-\\xff])*"';
const CHUNK_LINE = new RegExp(
  `^([0-9A-Fa-f]+)(?:[ \\t]*;[ \\t]*${TCHAR}+(?:[ \\t]*=[ \\t]*(?:${TCHAR}+|${QUOTED}))?)*$`,
);

type ChunkedOutcome =
  | {
    readonly kind: "done";
    readonly body: string;
    readonly rest: string;
    readonly trailers: [string, string][];
  }
  | { readonly kind: "reject" }
  | { readonly kind: "unterminated" };

/**
 * Whether an unfinished line already breaks the rules: a bare CR or LF, or
 * more content than `room` (a decoder can only tell once a byte arrives).
 */
function badPartial(partial: string, room: number): boolean {
  return /\n|\r[^]/.test(partial) || partial.replace(/\r$/, "").length > Math.max(room, 0);
}

const CHUNKED_REJECT: ChunkedOutcome = { kind: "reject" };

function referenceChunked(text: string, limits: ChunkedLimits): ChunkedOutcome {
  let pos = 0;
  let body = "";
  for (;;) {
    const end = text.indexOf("\r\n", pos);
    if (end < 0) {
      return badPartial(text.slice(pos), limits.maxChunkLine)
        ? CHUNKED_REJECT
        : { kind: "unterminated" };
    }
    const line = text.slice(pos, end);
    if (/[\r\n]/.test(line) || line.length > limits.maxChunkLine) return CHUNKED_REJECT;
    const hex = CHUNK_LINE.exec(line)?.[1];
    if (
      hex === undefined || hex.length > 16 || BigInt(`0x${hex}`) > BigInt(Number.MAX_SAFE_INTEGER)
    ) return CHUNKED_REJECT;
    const size = Number(BigInt(`0x${hex}`));
    pos = end + 2;
    if (size === 0) break;
    if (text.length - pos < size) return { kind: "unterminated" };
    body += text.slice(pos, pos + size);
    const after = text.slice(pos + size, pos + size + 2);
    if (!"\r\n".startsWith(after)) return CHUNKED_REJECT;
    if (after.length < 2) return { kind: "unterminated" };
    pos += size + 2;
  }
  const trailers: [string, string][] = [];
  let used = 0;
  for (;;) {
    const end = text.indexOf("\r\n", pos);
    if (end < 0) {
      const room = limits.maxTrailerBytes - used - 2;
      return badPartial(text.slice(pos), room) ? CHUNKED_REJECT : { kind: "unterminated" };
    }
    const line = text.slice(pos, end);
    used += line.length + 2;
    if (/[\r\n]/.test(line) || used > limits.maxTrailerBytes) return CHUNKED_REJECT;
    pos = end + 2;
    if (line === "") return { kind: "done", body, rest: text.slice(pos), trailers };
    const field = FIELD_LINE.exec(line);
    if (field === null || trailers.length >= limits.maxTrailers) return CHUNKED_REJECT;
    trailers.push([(field[1] ?? "").toLowerCase(), owsTrim(field[2] ?? "")]);
  }
}

type Decoded =
  | {
    readonly kind: "done";
    readonly body: string;
    readonly rest: string;
    readonly trailers: [string, string][];
  }
  | { readonly kind: "error"; readonly code: string }
  | { readonly kind: "waiting"; readonly body: string };

const latin1 = (data: Uint8Array): string => {
  let out = "";
  for (const byte of data) out += String.fromCharCode(byte);
  return out;
};

function decodeInPieces(input: Uint8Array, cuts: number[], limits: ChunkedLimits): Decoded {
  const decoder = new ChunkedDecoder(limits);
  const points = [...new Set(cuts.map((c) => c % (input.length + 1)))].sort((a, b) => a - b);
  let body = "";
  let rest = "";
  let done = false;
  let from = 0;
  for (const to of [...points, input.length]) {
    const result = decoder.push(input.subarray(from, to));
    from = to;
    if ("error" in result) {
      ok(/^http\.[a-z0-9_]+$/.test(result.error.code) && result.error.reason.length > 0);
      return { kind: "error", code: result.error.code };
    }
    ok(!done || result.done, "done went back to false");
    body += result.data.map(latin1).join("");
    if (result.rest !== undefined) rest += latin1(result.rest);
    done = result.done;
  }
  ok(body.length <= input.length, "more body than input");
  if (!done) return { kind: "waiting", body };
  ok(decoder.trailers.length <= limits.maxTrailers);
  return { kind: "done", body, rest, trailers: decoder.trailers.map(([n, v]) => [n, v]) };
}

const extension = fc.oneof(
  fc.constant(""),
  token.map((t) => `;${t}`),
  fc.tuple(token, token).map(([n, v]) => `;${n}=${v}`),
  fc.tuple(ows, token, ows, ows, chars('ab "\\\t\xe9', 0, 6)).map(([a, n, b, c, v]) =>
    `${a};${b}${n}${c}=${a}"${v.replace(/["\\]/g, "\\$&")}"`
  ),
);
const validChunked = fc
  .record({
    chunks: fc.array(fc.tuple(chars("abcXYZ\r\n\0\xff", 1, 20), extension, fc.boolean()), {
      maxLength: 5,
    }),
    last: extension,
    trailers: fc.array(field, { maxLength: 3 }),
    tail: fc.constantFrom("", "GET / HTTP/1.1\r\n\r\n", "\r\n"),
  })
  .map((r) =>
    r.chunks.map(([data, ext, upper]) => {
      const size = data.length.toString(16);
      return `${upper ? size.toUpperCase() : size}${ext}\r\n${data}\r\n`;
    }).join("") + `0${r.last}\r\n${r.trailers.map((t) => `${t}\r\n`).join("")}\r\n${r.tail}`
  );

const CHUNK_MUTATIONS = [
  ...INTERESTING,
  "0\r\n\r\n",
  "ffffffffffffffff",
  "00000000000000001",
  ";",
  ";a=",
  '"',
  '1;a="b',
];
const chunkMutation: fc.Arbitrary<Mutation> = fc.oneof(
  mutation,
  fc.record({
    op: fc.constant("insert" as const),
    at: fc.nat(),
    text: fc.constantFrom(...CHUNK_MUTATIONS),
  }),
);
const mutatedChunked = fc
  .tuple(validChunked, fc.array(chunkMutation, { maxLength: 3 }))
  .map(([text, mutations]) => mutations.reduce(mutate, text));
const chunkedLimits: fc.Arbitrary<ChunkedLimits> = fc.oneof(
  {
    weight: 3,
    arbitrary: fc.constant({ maxChunkLine: 4096, maxTrailerBytes: 32768, maxTrailers: 100 }),
  },
  {
    weight: 1,
    arbitrary: fc.record({
      maxChunkLine: fc.integer({ min: 1, max: 24 }),
      maxTrailerBytes: fc.integer({ min: 1, max: 64 }),
      maxTrailers: fc.integer({ min: 1, max: 3 }),
    }),
  },
);

Deno.test("ChunkedDecoder never throws, agrees with the reference and ignores how bodies are split", () => {
  fc.assert(
    fc.property(
      mutatedChunked,
      chunkedLimits,
      fc.array(fc.nat(), { maxLength: 4 }),
      (text, limits, cuts) => {
        chunkedTried++;
        const input = bytes(text);
        const whole = decodeInPieces(input, [], limits);
        deepStrictEqual(
          decodeInPieces(input, cuts, limits),
          whole,
          "splitting changed the outcome",
        );
        const reference = referenceChunked(text, limits);
        count(`chunked:${whole.kind === "error" ? whole.code : whole.kind}`);
        if (reference.kind === "done") {
          deepStrictEqual(whole, reference);
        } else if (reference.kind === "reject") {
          ok(
            whole.kind === "error",
            `the reference refuses what the decoder answers ${whole.kind}`,
          );
        } else {
          ok(whole.kind !== "done", "done before the body ended");
        }
      },
    ),
    { numRuns: 60_000 },
  );
});

Deno.test("the fuzz tests above threw 100,000+ requests, both accepted and refused, reaching most rules", () => {
  if (requestsTried + chunkedTried === 0) return; // filtered out with --filter
  ok(requestsTried >= 100_000, `only ${requestsTried} requests`);
  ok(chunkedTried >= 60_000, `only ${chunkedTried} chunked bodies`);
  const share = (key: string) => (STATS[key] ?? 0) / requestsTried;
  ok(share("head/accept") > 0.2, `accepted ${share("head/accept")}`);
  ok(share("error/reject") > 0.3, `refused ${share("error/reject")}`);
  ok(share("incomplete/unterminated") > 0.02, `waited ${share("incomplete/unterminated")}`);
  const codes = Object.keys(STATS).filter((key) => key.startsWith("http."));
  ok(codes.length >= 22, `only reached ${codes.join(", ")}`);
  const chunked = Object.keys(STATS).filter((key) => key.startsWith("chunked:http."));
  ok(chunked.length >= 12, `only reached ${chunked.join(", ")}`);
  ok((STATS["chunked:done"] ?? 0) / chunkedTried > 0.2, "too few chunked bodies decoded");
});
