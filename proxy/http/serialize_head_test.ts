import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { parseRequestHead } from "./parse_request_head.ts";
import { parseResponseHead } from "./parse_response_head.ts";
import { serializeRequestHead, serializeResponseHead } from "./serialize_head.ts";

const text = (data: Uint8Array): string => String.fromCharCode(...data);

Deno.test("serializeRequestHead() writes an HTTP/1.1 head that parses back to the same fields", () => {
  const headers: [string, string][] = [["host", "example.com"], ["x-a", "a\tb \xe9"], [
    "content-length",
    "3",
  ]];
  const result = serializeRequestHead({ method: "POST", target: '/p?q="1"', headers });
  ok(result.kind === "bytes");
  strictEqual(
    text(result.bytes),
    'POST /p?q="1" HTTP/1.1\r\nhost: example.com\r\nx-a: a\tb \xe9\r\ncontent-length: 3\r\n\r\n',
  );
  const parsed = parseRequestHead(result.bytes);
  ok(parsed.kind === "head");
  deepStrictEqual(parsed.head.headers, headers);
  deepStrictEqual(parsed.head.framing, { kind: "length", length: 3 });
  ok(
    serializeRequestHead({ method: "OPTIONS", target: "*", headers: [["host", "a"]] }).kind ===
      "bytes",
  );
});

Deno.test("serializeResponseHead() writes an HTTP/1.1 status line and fields", () => {
  const result = serializeResponseHead({
    status: 403,
    reason: "Forbidden",
    headers: [["x-bottle-deny", "egress.denied"]],
  });
  ok(result.kind === "bytes");
  strictEqual(text(result.bytes), "HTTP/1.1 403 Forbidden\r\nx-bottle-deny: egress.denied\r\n\r\n");
  const parsed = parseResponseHead(result.bytes, "GET");
  ok(parsed.kind === "head");
  deepStrictEqual([parsed.head.status, parsed.head.reason], [403, "Forbidden"]);
  ok(serializeResponseHead({ status: 204, reason: "", headers: [] }).kind === "bytes");
});

Deno.test("serializeRequestHead() refuses anything that could split or smuggle a message", () => {
  const base = { method: "GET", target: "/", headers: [["host", "a"]] as [string, string][] };
  const cases: [Parameters<typeof serializeRequestHead>[0], string][] = [
    [{ ...base, method: "GET /evil HTTP/1.1\r\nX:" }, "http.bad_method"],
    [{ ...base, method: "" }, "http.bad_method"],
    [{ ...base, target: "/a b" }, "http.bad_target"],
    [{ ...base, target: "/a\r\nX: y" }, "http.bad_target"],
    [{ ...base, target: "/a#frag" }, "http.bad_target"],
    [{ ...base, target: "http://a/" }, "http.bad_target"],
    [{ ...base, target: "" }, "http.bad_target"],
    [{ ...base, headers: [["x", "a\r\nTransfer-Encoding: chunked"]] }, "http.bad_header_value"],
    [{ ...base, headers: [["x", "a\nb"]] }, "http.bad_header_value"],
    [{ ...base, headers: [["x", "a\0"]] }, "http.bad_header_value"],
    [{ ...base, headers: [["x", " lead"]] }, "http.bad_header_value"],
    [{ ...base, headers: [["x", "trail\t"]] }, "http.bad_header_value"],
    [{ ...base, headers: [["x", "snow\u2603"]] }, "http.bad_header_value"],
    [{ ...base, headers: [["x y", "1"]] }, "http.bad_header_name"],
    [{ ...base, headers: [["x:", "1"]] }, "http.bad_header_name"],
    [{ ...base, headers: [["", "1"]] }, "http.bad_header_name"],
    [
      { ...base, headers: [["Content-Length", "1"], ["transfer-encoding", "chunked"]] },
      "http.cl_and_te",
    ],
  ];
  for (const [head, code] of cases) {
    const result = serializeRequestHead(head);
    ok(result.kind === "error", JSON.stringify(head));
    strictEqual(result.code, code, JSON.stringify(head));
  }
});

Deno.test("serializeResponseHead() refuses bad statuses, reasons and fields", () => {
  const cases: [Parameters<typeof serializeResponseHead>[0], string][] = [
    [{ status: 99, reason: "", headers: [] }, "http.bad_status"],
    [{ status: 600, reason: "", headers: [] }, "http.bad_status"],
    [{ status: 200.5, reason: "", headers: [] }, "http.bad_status"],
    [{ status: Number.NaN, reason: "", headers: [] }, "http.bad_status"],
    [{ status: 200, reason: "OK\r\nSet-Cookie: a=b", headers: [] }, "http.bad_reason"],
    [{ status: 200, reason: "\u2603", headers: [] }, "http.bad_reason"],
    [{ status: 200, reason: "OK", headers: [["set-cookie", "a\r\n"]] }, "http.bad_header_value"],
  ];
  for (const [head, code] of cases) {
    const result = serializeResponseHead(head);
    ok(result.kind === "error", JSON.stringify(head));
    strictEqual(result.code, code);
  }
});
