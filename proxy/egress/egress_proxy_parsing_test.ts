/**
 * Request smuggling and resource defences of the egress proxy, over raw
 * sockets: each ambiguous or oversized request is refused with its status,
 * nothing is resolved or dialled for it, and the refusal is audited.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { startEgress } from "../../tests/helpers/egress_harness.ts";
import { startHttpUpstream } from "../../tests/helpers/loopback_upstreams.ts";

/** One malformed request and the answer it must get. */
interface Case {
  readonly name: string;
  readonly road: "CONNECT" | "HTTP";
  /** The raw request, given the authority `svc.test:PORT` of an allowed upstream. */
  readonly raw: (authority: string) => string;
  readonly status: number;
  /** The `X-Bottle-Deny` (403) or `X-Bottle-Error` code. */
  readonly code: string;
  /**
   * True when the head is valid and only the body is broken: the request was
   * allowed and dialled, and the body error is found while streaming it.
   */
  readonly bodyError?: boolean;
}

const get = (a: string, fields = "", method = "GET") =>
  `${method} http://${a}/ HTTP/1.1\r\nHost: ${a}\r\n${fields}\r\n`;
const post = (a: string, fields: string, body: string) => get(a, fields, "POST") + body;
const connect = (a: string, fields = "") => `CONNECT ${a} HTTP/1.1\r\nHost: ${a}\r\n${fields}\r\n`;
const pad = (count: number, size: number) =>
  Array.from({ length: count }, (_, i) => `X-Pad-${i}: ${"a".repeat(size)}\r\n`).join("");
const many = (count: number) =>
  Array.from({ length: count }, (_, i) => `X-Field-${i}: v\r\n`).join("");

const CASES: readonly Case[] = [
  // Framing: Content-Length and Transfer-Encoding.
  {
    name: "content_length_with_transfer_encoding",
    road: "HTTP",
    raw: (a) => post(a, "Content-Length: 5\r\nTransfer-Encoding: chunked\r\n", "0\r\n\r\n"),
    status: 400,
    code: "http.cl_and_te",
  },
  {
    name: "content_length_with_transfer_encoding",
    road: "CONNECT",
    raw: (a) => connect(a, "Content-Length: 0\r\nTransfer-Encoding: chunked\r\n"),
    status: 400,
    code: "http.cl_and_te",
  },
  {
    name: "differing_content_lengths",
    road: "HTTP",
    raw: (a) => post(a, "Content-Length: 5\r\nContent-Length: 6\r\n", "hello!"),
    status: 400,
    code: "http.conflicting_length",
  },
  {
    name: "differing_content_lengths_in_one_field",
    road: "HTTP",
    raw: (a) => post(a, "Content-Length: 5, 6\r\n", "hello!"),
    status: 400,
    code: "http.conflicting_length",
  },
  {
    name: "differing_content_lengths",
    road: "CONNECT",
    raw: (a) => connect(a, "Content-Length: 0\r\nContent-Length: 1\r\n"),
    status: 400,
    code: "http.conflicting_length",
  },
  {
    name: "signed_content_length",
    road: "HTTP",
    raw: (a) => post(a, "Content-Length: +5\r\n", "hello"),
    status: 400,
    code: "http.bad_length",
  },
  {
    name: "signed_content_length",
    road: "CONNECT",
    raw: (a) => connect(a, "Content-Length: +0\r\n"),
    status: 400,
    code: "http.bad_length",
  },
  {
    name: "chunked_applied_twice",
    road: "HTTP",
    raw: (a) => post(a, "Transfer-Encoding: chunked, chunked\r\n", "0\r\n\r\n"),
    status: 400,
    code: "http.bad_transfer_encoding",
  },
  {
    name: "chunked_not_last",
    road: "HTTP",
    raw: (a) => post(a, "Transfer-Encoding: chunked\r\nTransfer-Encoding: identity\r\n", ""),
    status: 400,
    code: "http.bad_transfer_encoding",
  },
  {
    name: "unsupported_transfer_coding",
    road: "HTTP",
    raw: (a) => post(a, "Transfer-Encoding: gzip, chunked\r\n", "0\r\n\r\n"),
    status: 501,
    code: "http.unsupported_transfer_coding",
  },
  {
    name: "transfer_encoding_in_http10",
    road: "HTTP",
    raw: (a) =>
      `POST http://${a}/ HTTP/1.0\r\nHost: ${a}\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n`,
    status: 400,
    code: "http.te_in_http10",
  },
  {
    name: "connect_with_a_body",
    road: "CONNECT",
    raw: (a) => connect(a, "Transfer-Encoding: chunked\r\n") + "0\r\n\r\n",
    status: 400,
    code: "http.connect_with_body",
  },
  {
    name: "connect_with_a_content_length",
    road: "CONNECT",
    raw: (a) => connect(a, "Content-Length: 5\r\n") + "hello",
    status: 400,
    code: "http.connect_with_body",
  },
  // Chunked bodies: found while streaming, after the (valid) head was allowed.
  {
    name: "invalid_chunk_size",
    road: "HTTP",
    raw: (a) => post(a, "Transfer-Encoding: chunked\r\n", "zz\r\nhello\r\n0\r\n\r\n"),
    status: 400,
    code: "http.bad_body",
    bodyError: true,
  },
  {
    name: "hex_prefixed_chunk_size",
    road: "HTTP",
    raw: (a) => post(a, "Transfer-Encoding: chunked\r\n", "0x5\r\nhello\r\n0\r\n\r\n"),
    status: 400,
    code: "http.bad_body",
    bodyError: true,
  },
  {
    name: "oversized_chunk_size",
    road: "HTTP",
    raw: (a) => post(a, "Transfer-Encoding: chunked\r\n", "10000000000000005\r\nhello\r\n"),
    status: 400,
    code: "http.bad_body",
    bodyError: true,
  },
  {
    name: "invalid_chunk_extension",
    road: "HTTP",
    raw: (a) => post(a, "Transfer-Encoding: chunked\r\n", "5;=x\r\nhello\r\n0\r\n\r\n"),
    status: 400,
    code: "http.bad_body",
    bodyError: true,
  },
  {
    name: "chunk_data_longer_than_its_size",
    road: "HTTP",
    raw: (a) => post(a, "Transfer-Encoding: chunked\r\n", "3\r\nhello\r\n0\r\n\r\n"),
    status: 400,
    code: "http.bad_body",
    bodyError: true,
  },
  // Field lines.
  {
    name: "obs_fold",
    road: "HTTP",
    raw: (a) => get(a, "X-A: b\r\n c\r\n"),
    status: 400,
    code: "http.obs_fold",
  },
  {
    name: "obs_fold",
    road: "CONNECT",
    raw: (a) => connect(a, "X-A: b\r\n\tc\r\n"),
    status: 400,
    code: "http.obs_fold",
  },
  {
    name: "nul_in_a_header_value",
    road: "HTTP",
    raw: (a) => get(a, "X-A: a\x00b\r\n"),
    status: 400,
    code: "http.nul",
  },
  {
    name: "nul_in_a_header_value",
    road: "CONNECT",
    raw: (a) => connect(a, "X-A: a\x00b\r\n"),
    status: 400,
    code: "http.nul",
  },
  {
    name: "nul_in_the_request_line",
    road: "HTTP",
    raw: (a) => `GET http://${a}/\x00 HTTP/1.1\r\nHost: ${a}\r\n\r\n`,
    status: 400,
    code: "http.nul",
  },
  {
    name: "nul_in_the_request_line",
    road: "CONNECT",
    raw: (a) => `CONNECT ${a.replace(":", "\x00:")} HTTP/1.1\r\nHost: ${a}\r\n\r\n`,
    status: 400,
    code: "http.nul",
  },
  {
    name: "space_before_colon",
    road: "HTTP",
    raw: (a) => `GET http://${a}/ HTTP/1.1\r\nHost : ${a}\r\n\r\n`,
    status: 400,
    code: "http.space_before_colon",
  },
  {
    name: "space_before_colon",
    road: "CONNECT",
    raw: (a) => `CONNECT ${a} HTTP/1.1\r\nHost : ${a}\r\n\r\n`,
    status: 400,
    code: "http.space_before_colon",
  },
  {
    name: "bare_lf_line_endings",
    road: "HTTP",
    raw: (a) => `GET http://${a}/ HTTP/1.1\nHost: ${a}\n\n`,
    status: 400,
    code: "http.bare_lf",
  },
  {
    name: "bare_lf_line_endings",
    road: "CONNECT",
    raw: (a) => `CONNECT ${a} HTTP/1.1\nHost: ${a}\n\n`,
    status: 400,
    code: "http.bare_lf",
  },
  {
    name: "duplicate_host",
    road: "HTTP",
    raw: (a) => get(a, `Host: ${a}\r\n`),
    status: 400,
    code: "http.duplicate_host",
  },
  {
    name: "duplicate_host",
    road: "CONNECT",
    raw: (a) => connect(a, `Host: ${a}\r\n`),
    status: 400,
    code: "http.duplicate_host",
  },
  // Sizes.
  {
    name: "header_block_over_32_kib",
    road: "HTTP",
    raw: (a) => get(a, pad(20, 2000)),
    status: 431,
    code: "http.head_too_large",
  },
  {
    name: "header_block_over_32_kib",
    road: "CONNECT",
    raw: (a) => connect(a, pad(20, 2000)),
    status: 431,
    code: "http.head_too_large",
  },
  {
    name: "over_100_headers",
    road: "HTTP",
    raw: (a) => get(a, many(100)),
    status: 431,
    code: "http.too_many_headers",
  },
  {
    name: "over_100_headers",
    road: "CONNECT",
    raw: (a) => connect(a, many(100)),
    status: 431,
    code: "http.too_many_headers",
  },
  {
    name: "request_line_over_8_kib",
    road: "HTTP",
    raw: (a) => `GET http://${a}/${"a".repeat(8200)} HTTP/1.1\r\nHost: ${a}\r\n\r\n`,
    status: 414,
    code: "http.line_too_long",
  },
  {
    name: "request_line_over_8_kib",
    road: "CONNECT",
    raw: (a) => {
      const long = `${"a".repeat(60)}.`.repeat(140) + a;
      return `CONNECT ${long} HTTP/1.1\r\nHost: ${long}\r\n\r\n`;
    },
    status: 414,
    code: "http.line_too_long",
  },
  // Request line and target forms.
  {
    name: "origin_form_request",
    road: "HTTP",
    raw: (a) => `GET /index.html HTTP/1.1\r\nHost: ${a}\r\n\r\n`,
    status: 400,
    code: "egress.not_a_proxy_request",
  },
  {
    name: "origin_form_target",
    road: "CONNECT",
    raw: (a) => `CONNECT / HTTP/1.1\r\nHost: ${a}\r\n\r\n`,
    status: 400,
    code: "http.bad_target",
  },
  {
    name: "http2_preface",
    road: "HTTP",
    raw: () => "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
    status: 505,
    code: "http.bad_version",
  },
  {
    name: "unknown_method",
    road: "HTTP",
    raw: (a) => get(a, "", "BREW"),
    status: 405,
    code: "egress.method_not_allowed",
  },
  {
    name: "trace_method",
    road: "HTTP",
    raw: (a) => get(a, "", "TRACE"),
    status: 405,
    code: "egress.method_not_allowed",
  },
  {
    name: "connect_without_a_port",
    road: "CONNECT",
    raw: (a) => connect(a.replace(/:\d+$/, "")),
    status: 400,
    code: "http.bad_target",
  },
  {
    name: "connect_with_a_leading_zero_port",
    road: "CONNECT",
    raw: () => connect("svc.test:0443"),
    status: 400,
    code: "egress.bad_port",
  },
  // Host must agree with the target.
  {
    name: "host_header_disagreeing_with_the_target",
    road: "HTTP",
    raw: (a) => `GET http://${a}/ HTTP/1.1\r\nHost: other.test\r\n\r\n`,
    status: 400,
    code: "egress.host_mismatch",
  },
  {
    name: "host_header_with_another_port",
    road: "HTTP",
    raw: (a) => `GET http://${a}/ HTTP/1.1\r\nHost: ${a.replace(/:\d+$/, ":1")}\r\n\r\n`,
    status: 400,
    code: "egress.host_mismatch",
  },
  {
    name: "host_header_disagreeing_with_the_target",
    road: "CONNECT",
    raw: (a) => `CONNECT ${a} HTTP/1.1\r\nHost: other.test\r\n\r\n`,
    status: 400,
    code: "egress.host_mismatch",
  },
  {
    name: "host_header_with_another_port",
    road: "CONNECT",
    raw: (a) => `CONNECT ${a} HTTP/1.1\r\nHost: ${a.replace(/:\d+$/, ":1")}\r\n\r\n`,
    status: 400,
    code: "egress.host_mismatch",
  },
  // Refused targets.
  {
    name: "userinfo_in_the_url",
    road: "HTTP",
    raw: (a) => `GET http://user:pw@${a}/ HTTP/1.1\r\nHost: ${a}\r\n\r\n`,
    status: 403,
    code: "egress.userinfo",
  },
  {
    name: "userinfo_in_the_target",
    road: "CONNECT",
    raw: (a) => `CONNECT user@${a} HTTP/1.1\r\nHost: ${a}\r\n\r\n`,
    status: 400,
    code: "http.bad_target",
  },
  {
    name: "upgrade",
    road: "HTTP",
    raw: (a) => get(a, "Connection: Upgrade\r\nUpgrade: websocket\r\n"),
    status: 403,
    code: "egress.upgrade_refused",
  },
  {
    name: "h2c_upgrade",
    road: "HTTP",
    raw: (a) => get(a, "Connection: Upgrade, HTTP2-Settings\r\nUpgrade: h2c\r\n"),
    status: 403,
    code: "egress.upgrade_refused",
  },
  {
    name: "https_in_absolute_form",
    road: "HTTP",
    raw: (a) => `GET https://${a}/ HTTP/1.1\r\nHost: ${a}\r\n\r\n`,
    status: 403,
    code: "egress.scheme",
  },
  {
    name: "other_scheme_in_absolute_form",
    road: "HTTP",
    raw: (a) => `GET ftp://${a}/ HTTP/1.1\r\nHost: ${a}\r\n\r\n`,
    status: 403,
    code: "egress.scheme",
  },
  {
    name: "a_url_in_a_connect_target",
    road: "CONNECT",
    raw: (a) => `CONNECT https://${a} HTTP/1.1\r\nHost: ${a}\r\n\r\n`,
    status: 400,
    code: "http.bad_target",
  },
  {
    name: "backslash_in_the_url",
    road: "HTTP",
    raw: (a) => `GET http://${a}\\@other.test/ HTTP/1.1\r\nHost: ${a}\r\n\r\n`,
    status: 400,
    code: "egress.bad_target",
  },
  {
    name: "backslash_in_the_target",
    road: "CONNECT",
    raw: (a) => `CONNECT ${a}\\@other.test HTTP/1.1\r\nHost: ${a}\r\n\r\n`,
    status: 400,
    code: "http.bad_target",
  },
];

for (const c of CASES) {
  Deno.test(`egress_refuses_${c.name} (${c.road}): ${c.status} ${c.code}`, async () => {
    const upstream = startHttpUpstream();
    const authority = `svc.test:${upstream.port}`;
    const h = startEgress({
      allow: [authority, `127.0.0.1:${upstream.port}`],
      dns: { "svc.test": ["127.0.0.1"] },
    });
    try {
      const response = await h.request(c.raw(authority), c.road === "CONNECT" ? "CONNECT" : "GET");
      strictEqual(response.status, c.status, response.head);
      const header = c.status === 403 ? "x-bottle-deny" : "x-bottle-error";
      strictEqual(response.headers.get(header), c.code, response.head);
      strictEqual(response.headers.get("connection"), "close");
      strictEqual(upstream.requests.length, 0, "a request reached the upstream");
      if (c.bodyError === true) {
        deepStrictEqual(h.dials, [{ address: "127.0.0.1", port: upstream.port }]);
      } else {
        deepStrictEqual(h.lookups, [], "nothing is resolved for a refused request");
        deepStrictEqual(h.dials, [], "nothing is dialled for a refused request");
      }
      strictEqual(h.audit.length, 1, "one audit event per request");
      const event = h.audit[0]!;
      strictEqual(event.channel, "egress");
      strictEqual(event.status, c.status);
      strictEqual(event.reason, c.code);
      strictEqual(event.decision, c.bodyError === true ? "allow" : "deny");
      ok(event.bytesUp >= 0 && event.bytesDown >= 0);
    } finally {
      await h.close();
      await upstream.close();
    }
  });
}
