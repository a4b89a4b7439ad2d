import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import {
  DEFAULT_HEAD_LIMITS,
  type HeadResult,
  parseRequestHead,
  type RequestHead,
} from "./parse_request_head.ts";

const bytes = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));

/** A request from its request line and field lines, CRLF-terminated. */
const request = (line: string, ...fields: string[]): string =>
  `${line}\r\n${fields.map((f) => `${f}\r\n`).join("")}\r\n`;

function accepts(text: string, expected: Partial<RequestHead>): RequestHead {
  const result = parseRequestHead(bytes(text));
  ok(result.kind === "head", `${JSON.stringify(text)} gave ${JSON.stringify(result)}`);
  strictEqual(result.consumed, text.length, JSON.stringify(text));
  for (const [key, value] of Object.entries(expected)) {
    deepStrictEqual(
      result.head[key as keyof RequestHead],
      value,
      `${key} of ${JSON.stringify(text)}`,
    );
  }
  return result.head;
}

function refuses(text: string, status: number, code: string): void {
  const result = parseRequestHead(bytes(text));
  ok(result.kind === "error", `${JSON.stringify(text)} gave ${JSON.stringify(result)}`);
  deepStrictEqual([result.status, result.code], [status, code], JSON.stringify(text));
  ok(result.reason.length > 0);
}

const HOST = "Host: example.com";

Deno.test("parseRequestHead() reads method, target, version, lowercased names and trimmed values in order", () => {
  const text = request(
    "POST /upload?x=1 HTTP/1.1",
    "Host: example.com",
    "X-Two:  a  b \t",
    "x-two:c",
    "Content-Length: 3",
    "Empty:",
  );
  accepts(text, {
    method: "POST",
    target: "/upload?x=1",
    version: "HTTP/1.1",
    headers: [
      ["host", "example.com"],
      ["x-two", "a  b"],
      ["x-two", "c"],
      ["content-length", "3"],
      ["empty", ""],
    ],
    framing: { kind: "length", length: 3 },
  });
});

Deno.test("parseRequestHead() accepts each target form with the methods allowed to use it", () => {
  const cases: [string, string][] = [
    ["GET", "/"],
    ["GET", "//double/slash?q=a/b&c=%20|{}^"],
    ["GET", "http://example.com/path?q"],
    ["GET", "HTTP://EXAMPLE.COM:8080"],
    ["OPTIONS", "*"],
    ["OPTIONS", "/"],
    ["CONNECT", "example.com:443"],
    ["CONNECT", "[2001:db8::1]:8443"],
    ["CONNECT", "127.0.0.1:1"],
    ["CONNECT", "xn--bcher-kva.example:65535"],
    ["PROPFIND", "/dav"],
  ];
  for (const [method, target] of cases) {
    accepts(request(`${method} ${target} HTTP/1.1`, HOST), { method, target });
  }
});

Deno.test("parseRequestHead() refuses request lines that are not METHOD SP TARGET SP HTTP/1.x", () => {
  const cases: [string, number, string][] = [
    ["GET  / HTTP/1.1", 400, "http.bad_request_line"],
    [" GET / HTTP/1.1", 400, "http.bad_request_line"],
    ["GET / HTTP/1.1 ", 400, "http.bad_request_line"],
    ["GET /  HTTP/1.1", 400, "http.bad_request_line"],
    ["GET\t/ HTTP/1.1", 400, "http.bad_request_line"],
    ["GET /\tHTTP/1.1", 400, "http.bad_target"],
    ["GET / http/1.1", 400, "http.bad_request_line"],
    ["GET / HTTP/1", 400, "http.bad_request_line"],
    ["GET / HTTP/1.1.1", 400, "http.bad_request_line"],
    ["GET / HTTP/01.1", 400, "http.bad_request_line"],
    ["GET /", 400, "http.bad_request_line"],
    ["GET", 400, "http.bad_request_line"],
    ["", 400, "http.bad_request_line"],
    ["GET / HTTP/1.1 extra", 400, "http.bad_request_line"],
    ["G(T / HTTP/1.1", 400, "http.bad_request_line"],
    ["GÉT / HTTP/1.1", 400, "http.bad_request_line"],
    ["GET /\x7f HTTP/1.1", 400, "http.bad_target"],
    ["GET /\x01 HTTP/1.1", 400, "http.bad_target"],
    ["GET /caf\xe9 HTTP/1.1", 400, "http.bad_target"],
    ["GET /#frag HTTP/1.1", 400, "http.bad_target"],
    ["GET * HTTP/1.1", 400, "http.bad_target"],
    ["GET path HTTP/1.1", 400, "http.bad_target"],
    ["GET 1http://x/ HTTP/1.1", 400, "http.bad_target"],
    ["CONNECT / HTTP/1.1", 400, "http.bad_target"],
    ["CONNECT example.com HTTP/1.1", 400, "http.bad_target"],
    ["CONNECT example.com: HTTP/1.1", 400, "http.bad_target"],
    ["CONNECT example.com:0 HTTP/1.1", 400, "http.bad_target"],
    ["CONNECT example.com:65536 HTTP/1.1", 400, "http.bad_target"],
    ["CONNECT user@example.com:443 HTTP/1.1", 400, "http.bad_target"],
    ["CONNECT http://example.com:443 HTTP/1.1", 400, "http.bad_target"],
    ["CONNECT [::1:443 HTTP/1.1", 400, "http.bad_target"],
    ["CONNECT :443 HTTP/1.1", 400, "http.bad_target"],
    ["GET /\0 HTTP/1.1", 400, "http.nul"],
    ["GET / HTTP/1.1\0", 400, "http.nul"],
  ];
  for (const [line, status, code] of cases) refuses(request(line, HOST), status, code);
});

Deno.test("parseRequestHead() answers 505 to well-formed versions other than 1.0 and 1.1, PRI included", () => {
  refuses("PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n", 505, "http.bad_version");
  for (const version of ["HTTP/0.9", "HTTP/1.2", "HTTP/2.0", "HTTP/3.0", "HTTP/9.9"]) {
    refuses(request(`GET / ${version}`, HOST), 505, "http.bad_version");
  }
  accepts(request("GET / HTTP/1.0"), { version: "HTTP/1.0", headers: [] });
});

Deno.test("parseRequestHead() refuses bare LF and bare CR line endings", () => {
  refuses(`GET / HTTP/1.1\n${HOST}\r\n\r\n`, 400, "http.bare_lf");
  refuses(`GET / HTTP/1.1\r\n${HOST}\n\r\n`, 400, "http.bare_lf");
  refuses(`GET / HTTP/1.1\r\n${HOST}\r\n\n`, 400, "http.bare_lf");
  refuses(`GET / HTTP/1.1\r\r\n${HOST}\r\n\r\n`, 400, "http.bare_cr");
  refuses(`GET / HTTP/1.1\r\nX: a\rb\r\n${HOST}\r\n\r\n`, 400, "http.bare_cr");
  refuses(`\nGET / HTTP/1.1\r\n${HOST}\r\n\r\n`, 400, "http.bare_lf");
});

Deno.test("parseRequestHead() skips one leading empty line and refuses a second", () => {
  const text = `\r\n${request("GET / HTTP/1.1", HOST)}`;
  accepts(text, { method: "GET" });
  refuses(`\r\n${text}`, 400, "http.bad_request_line");
  deepStrictEqual(parseRequestHead(bytes("\r")), { kind: "incomplete" });
  deepStrictEqual(parseRequestHead(bytes("\r\n")), { kind: "incomplete" });
});

Deno.test("parseRequestHead() refuses obs-fold and whitespace before the first field", () => {
  refuses(request("GET / HTTP/1.1", HOST, "X-A: one", " two"), 400, "http.obs_fold");
  refuses(request("GET / HTTP/1.1", HOST, "X-A: one", "\ttwo"), 400, "http.obs_fold");
  refuses(request("GET / HTTP/1.1", ` ${HOST}`), 400, "http.obs_fold");
});

Deno.test("parseRequestHead() refuses header names that are not tokens or have whitespace before the colon", () => {
  const cases: [string, string][] = [
    ["Host : example.com", "http.space_before_colon"],
    ["Host\t: example.com", "http.space_before_colon"],
    [": value", "http.bad_header_name"],
    ["X(y): value", "http.bad_header_name"],
    ["X y: value", "http.bad_header_name"],
    ["Xé: value", "http.bad_header_name"],
    ["X-A\0: value", "http.nul"],
    ["no colon here", "http.missing_colon"],
    ["NoColon", "http.missing_colon"],
  ];
  for (const [field, code] of cases) refuses(request("GET / HTTP/1.1", HOST, field), 400, code);
});

Deno.test("parseRequestHead() refuses NUL and control characters in values but keeps HTAB and obs-text", () => {
  refuses(request("GET / HTTP/1.1", HOST, "X-A: a\0b"), 400, "http.nul");
  for (const ctl of ["\x01", "\x08", "\x0b", "\x0c", "\x1f", "\x7f"]) {
    refuses(request("GET / HTTP/1.1", HOST, `X-A: a${ctl}b`), 400, "http.ctl_in_value");
  }
  accepts(request("GET / HTTP/1.1", HOST, "X-A: a\tb\xe9\xff"), {
    headers: [["host", "example.com"], ["x-a", "a\tb\xe9\xff"]],
  });
  // NBSP (0xA0) is obs-text, not OWS: it is kept, never trimmed.
  accepts(request("GET / HTTP/1.1", HOST, "X-A: \xa0v\xa0 "), {
    headers: [["host", "example.com"], ["x-a", "\xa0v\xa0"]],
  });
});

Deno.test("parseRequestHead() refuses Content-Length with Transfer-Encoding", () => {
  const cases = [
    ["Content-Length: 5", "Transfer-Encoding: chunked"],
    ["Transfer-Encoding: chunked", "Content-Length: 5"],
    ["Transfer-Encoding: chunked", "Content-Length: 0"],
    ["Content-Length: 5", "Transfer-Encoding: gzip"],
  ];
  for (const fields of cases) {
    refuses(request("POST / HTTP/1.1", HOST, ...fields), 400, "http.cl_and_te");
  }
  refuses(
    request("POST / HTTP/1.0", "Content-Length: 5", "Transfer-Encoding: chunked"),
    400,
    "http.cl_and_te",
  );
});

Deno.test("parseRequestHead() collapses identical Content-Lengths and refuses differing ones", () => {
  const same: [string[], number][] = [
    [["Content-Length: 5", "Content-Length: 5"], 5],
    [["Content-Length: 5, 5"], 5],
    [["Content-Length: 5,5 , 5", "content-length: 5"], 5],
    [["Content-Length: 0"], 0],
    [["Content-Length: 007"], 7],
  ];
  for (const [fields, length] of same) {
    accepts(request("POST / HTTP/1.1", HOST, ...fields), { framing: { kind: "length", length } });
  }
  const differ = [
    ["Content-Length: 5", "Content-Length: 6"],
    ["Content-Length: 5, 6"],
    ["Content-Length: 5, 05"],
    ["Content-Length: 0", "Content-Length: 00"],
  ];
  for (const fields of differ) {
    refuses(request("POST / HTTP/1.1", HOST, ...fields), 400, "http.conflicting_length");
  }
});

Deno.test("parseRequestHead() refuses Content-Length that is not 1*DIGIT or exceeds MAX_SAFE_INTEGER", () => {
  const cases = [
    "",
    "-1",
    "+5",
    "5.0",
    "0x10",
    "1e3",
    "5 5",
    "5,",
    ",5",
    "5,,5",
    "\xb5",
    "٣",
    "9007199254740992",
    "99999999999999999999",
    "1".repeat(400),
  ];
  for (const value of cases) {
    refuses(request("POST / HTTP/1.1", HOST, `Content-Length: ${value}`), 400, "http.bad_length");
  }
  accepts(request("POST / HTTP/1.1", HOST, "Content-Length: 9007199254740991"), {
    framing: { kind: "length", length: Number.MAX_SAFE_INTEGER },
  });
  accepts(request("POST / HTTP/1.1", HOST, `Content-Length: ${"0".repeat(40)}12`), {
    framing: { kind: "length", length: 12 },
  });
});

Deno.test("parseRequestHead() accepts chunked as the only transfer coding, 501 for others before it, 400 otherwise", () => {
  for (const value of ["chunked", "Chunked", "CHUNKED", " chunked\t"]) {
    accepts(request("POST / HTTP/1.1", HOST, `Transfer-Encoding: ${value}`), {
      framing: { kind: "chunked" },
    });
  }
  const bad: [string[], number, string][] = [
    [["Transfer-Encoding: gzip, chunked"], 501, "http.unsupported_transfer_coding"],
    [
      ["Transfer-Encoding: gzip", "Transfer-Encoding: chunked"],
      501,
      "http.unsupported_transfer_coding",
    ],
    [["Transfer-Encoding: chunked, gzip"], 400, "http.bad_transfer_encoding"],
    [["Transfer-Encoding: gzip"], 400, "http.bad_transfer_encoding"],
    [["Transfer-Encoding: identity"], 400, "http.bad_transfer_encoding"],
    [["Transfer-Encoding: chunked, chunked"], 400, "http.bad_transfer_encoding"],
    [
      ["Transfer-Encoding: chunked", "Transfer-Encoding: chunked"],
      400,
      "http.bad_transfer_encoding",
    ],
    [["Transfer-Encoding: chunked,"], 400, "http.bad_transfer_encoding"],
    [["Transfer-Encoding: , chunked"], 400, "http.bad_transfer_encoding"],
    [["Transfer-Encoding:"], 400, "http.bad_transfer_encoding"],
    [["Transfer-Encoding: chunked;q=1"], 400, "http.bad_transfer_encoding"],
    [['Transfer-Encoding: "chunked"'], 400, "http.bad_transfer_encoding"],
    [["Transfer-Encoding: chunked\xa0"], 400, "http.bad_transfer_encoding"],
    [["Transfer-Encoding: xchunked"], 400, "http.bad_transfer_encoding"],
    [["Transfer-Encoding: gz ip, chunked"], 400, "http.bad_transfer_encoding"],
  ];
  for (const [fields, status, code] of bad) {
    refuses(request("POST / HTTP/1.1", HOST, ...fields), status, code);
  }
});

Deno.test("parseRequestHead() refuses Transfer-Encoding in HTTP/1.0", () => {
  refuses(request("POST / HTTP/1.0", "Transfer-Encoding: chunked"), 400, "http.te_in_http10");
  refuses(request("POST / HTTP/1.0", HOST, "Transfer-Encoding: gzip"), 400, "http.te_in_http10");
});

Deno.test("parseRequestHead() requires exactly one valid Host in HTTP/1.1 and at most one in HTTP/1.0", () => {
  refuses(request("GET / HTTP/1.1"), 400, "http.missing_host");
  refuses(request("GET / HTTP/1.1", "X-Host: a"), 400, "http.missing_host");
  refuses(request("GET / HTTP/1.1", HOST, HOST), 400, "http.duplicate_host");
  refuses(request("GET / HTTP/1.1", "Host: a", "HOST: b"), 400, "http.duplicate_host");
  refuses(request("GET / HTTP/1.0", "Host: a", "host: a"), 400, "http.duplicate_host");
  for (const value of ["a b", "a/b", "user@a", "a:b:c", "[::1", "[zz]", "a:80x", "%zz", "a\xe9"]) {
    refuses(request("GET / HTTP/1.1", `Host: ${value}`), 400, "http.bad_host");
  }
  for (
    const value of ["", "a", "a:", "a:8080", "[::1]:443", "127.0.0.1", "xn--d-eka.example", "a%20b"]
  ) {
    accepts(request("GET / HTTP/1.1", `Host: ${value}`), { headers: [["host", value]] });
  }
  accepts(request("GET / HTTP/1.0"), { headers: [] });
});

Deno.test("parseRequestHead() refuses a CONNECT with a body", () => {
  refuses(
    request("CONNECT a.example:443 HTTP/1.1", "Host: a.example:443", "Content-Length: 5"),
    400,
    "http.connect_with_body",
  );
  refuses(
    request("CONNECT a.example:443 HTTP/1.1", "Host: a.example:443", "Transfer-Encoding: chunked"),
    400,
    "http.connect_with_body",
  );
  accepts(request("CONNECT a.example:443 HTTP/1.1", "Host: a.example:443", "Content-Length: 0"), {
    framing: { kind: "length", length: 0 },
  });
});

Deno.test("parseRequestHead() answers 414 as soon as the request line passes 8 KiB without CRLF", () => {
  const max = DEFAULT_HEAD_LIMITS.maxRequestLine;
  const longest = `GET /${"a".repeat(max - "GET / HTTP/1.1".length)} HTTP/1.1`;
  strictEqual(longest.length, max);
  accepts(request(longest, HOST), { method: "GET" });
  refuses(request(`GET /a${longest.slice(5)}`, HOST), 414, "http.line_too_long");
  // No CRLF yet: incomplete up to the limit, 414 the byte after, well before 32 KiB.
  const target = `GET /${"a".repeat(max)}`;
  deepStrictEqual(parseRequestHead(bytes(target.slice(0, max))), { kind: "incomplete" });
  refuses(target.slice(0, max + 1), 414, "http.line_too_long");
  // A line of exactly the limit whose LF has not arrived yet is still incomplete.
  deepStrictEqual(parseRequestHead(bytes(`${longest}\r`)), { kind: "incomplete" });
});

Deno.test("parseRequestHead() answers 431 once the head passes 32 KiB without its end", () => {
  const max = DEFAULT_HEAD_LIMITS.maxHeaderBytes;
  const start = request("GET / HTTP/1.1", HOST).slice(0, -2);
  const filler = (n: number) => `X-Fill: ${"f".repeat(n - "X-Fill: \r\n".length)}\r\n`;
  const exact = `${start}${filler(max - start.length - 2)}\r\n`;
  strictEqual(exact.length, max);
  accepts(exact, { method: "GET" });
  const over = `${start}${filler(max - start.length - 1)}\r\n`;
  refuses(over, 431, "http.head_too_large");
  refuses(over.slice(0, max), 431, "http.head_too_large");
  deepStrictEqual(parseRequestHead(bytes(over.slice(0, max - 1))), { kind: "incomplete" });
  // An endless field line with no CRLF at all.
  refuses(`${start}X: ${"v".repeat(max)}`, 431, "http.head_too_large");
});

Deno.test("parseRequestHead() answers 431 to more than 100 header fields", () => {
  const fields = (n: number) => [HOST, ...Array.from({ length: n - 1 }, (_, i) => `X-${i}: ${i}`)];
  accepts(request("GET / HTTP/1.1", ...fields(100)), { method: "GET" });
  refuses(request("GET / HTTP/1.1", ...fields(101)), 431, "http.too_many_headers");
  // Refused as soon as the 101st line is complete, before the head ends.
  refuses(
    `GET / HTTP/1.1\r\n${fields(101).map((f) => `${f}\r\n`).join("")}`,
    431,
    "http.too_many_headers",
  );
});

Deno.test("parseRequestHead() honours tighter limits and ignores limits that are not positive numbers", () => {
  const text = bytes(request("GET /abc HTTP/1.1", HOST, "X-A: 1"));
  const code = (limits: Parameters<typeof parseRequestHead>[1]) => {
    const result = parseRequestHead(text, limits);
    return result.kind === "error" ? result.code : result.kind;
  };
  strictEqual(code({ maxRequestLine: 16 }), "http.line_too_long");
  strictEqual(code({ maxRequestLine: 17 }), "head");
  strictEqual(code({ maxHeaders: 1 }), "http.too_many_headers");
  strictEqual(code({ maxHeaders: 2 }), "head");
  strictEqual(code({ maxHeaderBytes: text.length - 1 }), "http.head_too_large");
  strictEqual(code({ maxHeaderBytes: text.length }), "head");
  for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) {
    strictEqual(code({ maxRequestLine: bad, maxHeaderBytes: bad, maxHeaders: bad }), "head");
  }
});

Deno.test("parseRequestHead() waits while the head is unfinished and under the limits", () => {
  for (
    const text of [
      "",
      "G",
      "GET",
      "GET ",
      "GET /",
      "GET / HTTP/1.1",
      "GET / HTTP/1.1\r",
      "GET / HTTP/1.1\r\n",
      `GET / HTTP/1.1\r\n${HOST}`,
      `GET / HTTP/1.1\r\n${HOST}\r\n`,
      `GET / HTTP/1.1\r\n${HOST}\r\n\r`,
    ]
  ) {
    deepStrictEqual(parseRequestHead(bytes(text)), { kind: "incomplete" }, JSON.stringify(text));
  }
});

Deno.test("parseRequestHead() refuses a TLS handshake or other binary from its first byte", () => {
  for (const text of ["\x16\x03\x01\x02\x00", "\x00", "\xff", '{"json":1}']) {
    const result = parseRequestHead(bytes(text));
    ok(result.kind === "error", JSON.stringify(text));
  }
  refuses("\x16", 400, "http.bad_request_line");
  refuses("GET /\x01", 400, "http.bad_target");
});

Deno.test("parseRequestHead() reads pipelined requests one after another by consumed", () => {
  const first = request("POST /a HTTP/1.1", HOST, "Content-Length: 5");
  const second = request("GET /b HTTP/1.1", HOST);
  const third = request("POST /c HTTP/1.1", HOST, "Transfer-Encoding: chunked");
  const stream = bytes(`${first}hello${second}${third}5\r\nhello\r\n0\r\n\r\n`);
  const heads: [string, RequestHead["framing"]][] = [];
  let offset = 0;
  for (let i = 0; i < 3; i++) {
    const result = parseRequestHead(stream.subarray(offset));
    ok(result.kind === "head", JSON.stringify(result));
    heads.push([result.head.target, result.head.framing]);
    offset += result.consumed;
    if (result.head.framing.kind === "length") offset += result.head.framing.length;
  }
  deepStrictEqual(heads, [
    ["/a", { kind: "length", length: 5 }],
    ["/b", { kind: "none" }],
    ["/c", { kind: "chunked" }],
  ]);
  strictEqual(new TextDecoder().decode(stream.subarray(offset)), "5\r\nhello\r\n0\r\n\r\n");
});

/** Samples for the split test: valid heads, every error class, pipelined tails. */
const SPLIT_SAMPLES: string[] = [
  request("GET http://example.com/a?b HTTP/1.1", HOST, "Accept: */*", "X-E:"),
  `\r\n${request("POST / HTTP/1.1", HOST, "Content-Length: 2")}hi${
    request("GET / HTTP/1.1", HOST)
  }`,
  request(
    "CONNECT example.com:443 HTTP/1.1",
    "Host: example.com:443",
    "Proxy-Authorization: Basic eA==",
  ),
  request("PUT /x HTTP/1.1", HOST, "Transfer-Encoding: chunked") + "0\r\n\r\n",
  request("GET / HTTP/1.0"),
  "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
  "\x16\x03\x01\x00\xa5\x01\x00\x00",
  request("GET /\x01 HTTP/1.1", HOST),
  request("GET / HTTP/1.1", HOST, "X: a\0"),
  request("GET / HTTP/1.1", HOST, " folded"),
  request("GET / HTTP/1.1", "Host : x"),
  `GET / HTTP/1.1\r\n${HOST}\n\r\n`,
  `GET / HTTP/1.1\r\r\n${HOST}\r\n\r\n`,
  request("POST / HTTP/1.1", HOST, "Content-Length: 1", "Transfer-Encoding: chunked"),
  request("POST / HTTP/1.1", HOST, "Content-Length: 1", "Content-Length: 2"),
  request("POST / HTTP/1.1", HOST, "Content-Length: x"),
  request("POST / HTTP/1.1", HOST, "Transfer-Encoding: gzip, chunked"),
  request("POST / HTTP/1.0", "Transfer-Encoding: chunked"),
  request("GET / HTTP/1.1"),
  request("GET / HTTP/1.1", HOST, HOST),
  request("GET / HTTP/9.9", HOST),
  request("GET  / HTTP/1.1", HOST),
  `GET /${"a".repeat(8200)} HTTP/1.1\r\n\r\n`,
];

function sameOrIncomplete(prefix: HeadResult, full: HeadResult, what: string): void {
  if (prefix.kind !== "incomplete") deepStrictEqual(prefix, full, what);
}

Deno.test("parseRequestHead() gives the same result for a request split at every byte offset", () => {
  for (const sample of SPLIT_SAMPLES) {
    const all = bytes(sample);
    const full = parseRequestHead(all);
    ok(full.kind !== "incomplete", JSON.stringify(sample.slice(0, 60)));
    for (let cut = 0; cut <= all.length; cut++) {
      // A caller accumulating bytes: it asks again with the grown buffer while incomplete.
      const early = parseRequestHead(all.slice(0, cut));
      sameOrIncomplete(early, full, `${JSON.stringify(sample.slice(0, 60))} cut at ${cut}`);
      const later = early.kind === "incomplete" ? parseRequestHead(all) : early;
      deepStrictEqual(later, full);
    }
  }
});

Deno.test("parseRequestHead() hands on the CONNECT target and the Host field split, so nothing splits them again", () => {
  const connect = accepts(
    request("CONNECT [2001:db8::1]:8443 HTTP/1.1", "Host: Example.COM:443"),
    {},
  );
  deepStrictEqual(connect.authority, { host: "2001:db8::1", bracketed: true, port: "8443" });
  deepStrictEqual(connect.host, { host: "Example.COM", bracketed: false, port: "443" });
  const plain = accepts(request("GET http://a.test/ HTTP/1.1", "Host: a.test"), {});
  strictEqual(plain.authority, undefined, "only a CONNECT target is authority-form");
  deepStrictEqual(plain.host, { host: "a.test", bracketed: false, port: undefined });
  const empty = accepts(request("GET / HTTP/1.1", "Host: "), {});
  deepStrictEqual(empty.host, { host: "", bracketed: false, port: undefined });
  strictEqual(accepts(request("GET / HTTP/1.0"), {}).host, undefined, "no Host field");
});
