import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import {
  parseResponseHead,
  type ResponseHead,
  type ResponseHeadResult,
} from "./parse_response_head.ts";

const bytes = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
const response = (line: string, ...fields: string[]): string =>
  `${line}\r\n${fields.map((f) => `${f}\r\n`).join("")}\r\n`;

function accepts(text: string, method: string, expected: Partial<ResponseHead>): void {
  const result = parseResponseHead(bytes(text), method);
  ok(result.kind === "head", `${JSON.stringify(text)} gave ${JSON.stringify(result)}`);
  strictEqual(result.consumed, text.length);
  for (const [key, value] of Object.entries(expected)) {
    deepStrictEqual(
      result.head[key as keyof ResponseHead],
      value,
      `${key} of ${JSON.stringify(text)}`,
    );
  }
}

function refuses(text: string, code: string, method = "GET"): void {
  const result = parseResponseHead(bytes(text), method);
  ok(result.kind === "error", `${JSON.stringify(text)} gave ${JSON.stringify(result)}`);
  strictEqual(result.code, code, JSON.stringify(text));
  ok(!("status" in result), "a response error carries no status: the proxy answers 502");
}

Deno.test("parseResponseHead() reads version, status, reason and fields", () => {
  accepts(
    response("HTTP/1.1 404 Not Found", "Content-Type: text/plain", "Content-Length: 0"),
    "GET",
    {
      version: "HTTP/1.1",
      status: 404,
      reason: "Not Found",
      headers: [["content-type", "text/plain"], ["content-length", "0"]],
      framing: { kind: "length", length: 0 },
    },
  );
  accepts(response("HTTP/1.0 200 "), "GET", { reason: "", version: "HTTP/1.0" });
  accepts(response("HTTP/1.1 200 d\xe9j\xe0 vu\tok"), "GET", { reason: "d\xe9j\xe0 vu\tok" });
});

Deno.test("parseResponseHead() refuses status lines that are not HTTP/1.x SP 3DIGIT SP reason", () => {
  const cases: [string, string][] = [
    ["HTTP/1.1 200", "http.bad_status_line"],
    ["HTTP/1.1  200 OK", "http.bad_status_line"],
    ["HTTP/1.1 20 OK", "http.bad_status_line"],
    ["HTTP/1.1 2000 OK", "http.bad_status_line"],
    ["HTTP/1.1 099 Low", "http.bad_status_line"],
    ["HTTP/1.1 600 High", "http.bad_status_line"],
    ["HTTP/1.1 2x0 OK", "http.bad_status_line"],
    ["http/1.1 200 OK", "http.bad_status_line"],
    ["HTTP/1.1 200 O\x01K", "http.bad_status_line"],
    ["HTTP/1.1 200 O\x7fK", "http.bad_status_line"],
    [" HTTP/1.1 200 OK", "http.bad_status_line"],
    ["ICY 200 OK", "http.bad_status_line"],
    ["HTTP/1.1 200 O\0K", "http.nul"],
    ["HTTP/2.0 200 OK", "http.bad_version"],
    ["HTTP/0.9 200 OK", "http.bad_version"],
  ];
  for (const [line, code] of cases) refuses(response(line, "Content-Length: 0"), code);
});

Deno.test("parseResponseHead() applies the request rules to lines and fields", () => {
  refuses("HTTP/1.1 200 OK\nContent-Length: 0\r\n\r\n", "http.bare_lf");
  refuses("HTTP/1.1 200 OK\r\nContent-Length: 0\r\r\n\r\n", "http.bare_cr");
  refuses(response("HTTP/1.1 200 OK", "A: b", " folded"), "http.obs_fold");
  refuses(response("HTTP/1.1 200 OK", "A : b"), "http.space_before_colon");
  refuses(response("HTTP/1.1 200 OK", "A: \0"), "http.nul");
  refuses(response("HTTP/1.1 200 OK", "A: \x1b[31m"), "http.ctl_in_value");
  refuses(`\r\n${response("HTTP/1.1 200 OK")}`, "http.bad_status_line");
});

Deno.test("parseResponseHead() refuses ambiguous framing like requests do", () => {
  refuses(
    response("HTTP/1.1 200 OK", "Content-Length: 1", "Transfer-Encoding: chunked"),
    "http.cl_and_te",
  );
  refuses(
    response("HTTP/1.1 200 OK", "Content-Length: 1", "Content-Length: 2"),
    "http.conflicting_length",
  );
  refuses(response("HTTP/1.1 200 OK", "Content-Length: -1"), "http.bad_length");
  refuses(response("HTTP/1.1 200 OK", "Transfer-Encoding: gzip"), "http.bad_transfer_encoding");
  refuses(
    response("HTTP/1.1 200 OK", "Transfer-Encoding: gzip, chunked"),
    "http.unsupported_transfer_coding",
  );
  refuses(response("HTTP/1.0 200 OK", "Transfer-Encoding: chunked"), "http.te_in_http10");
  // Checked even where there is no body.
  refuses(response("HTTP/1.1 204 No Content", "Content-Length: x"), "http.bad_length");
  refuses(
    response("HTTP/1.1 200 OK", "Content-Length: 1", "Transfer-Encoding: chunked"),
    "http.cl_and_te",
    "HEAD",
  );
});

Deno.test("parseResponseHead() gives no body to 1xx, 204, 304, HEAD answers and 2xx to CONNECT", () => {
  const none = { kind: "none" } as const;
  accepts(response("HTTP/1.1 100 Continue"), "POST", { framing: none });
  accepts(response("HTTP/1.1 101 Switching Protocols", "Upgrade: websocket"), "GET", {
    framing: none,
  });
  accepts(response("HTTP/1.1 204 No Content", "Content-Length: 0"), "DELETE", { framing: none });
  accepts(response("HTTP/1.1 304 Not Modified", "Content-Length: 1234"), "GET", { framing: none });
  accepts(response("HTTP/1.1 200 OK", "Content-Length: 1234"), "HEAD", { framing: none });
  accepts(response("HTTP/1.1 200 OK", "Transfer-Encoding: chunked"), "HEAD", { framing: none });
  accepts(response("HTTP/1.1 200 Connection established"), "CONNECT", { framing: none });
  accepts(response("HTTP/1.1 407 Auth", "Content-Length: 3"), "CONNECT", {
    framing: { kind: "length", length: 3 },
  });
});

Deno.test("parseResponseHead() frames other responses by length, chunked or close", () => {
  accepts(response("HTTP/1.1 200 OK", "Content-Length: 10"), "GET", {
    framing: { kind: "length", length: 10 },
  });
  accepts(response("HTTP/1.1 200 OK", "Transfer-Encoding: chunked"), "GET", {
    framing: { kind: "chunked" },
  });
  accepts(response("HTTP/1.1 200 OK"), "GET", { framing: { kind: "close" } });
  accepts(response("HTTP/1.0 200 OK"), "GET", { framing: { kind: "close" } });
  accepts(response("HTTP/1.1 500 Oops"), "POST", { framing: { kind: "close" } });
});

Deno.test("parseResponseHead() is bounded like requests", () => {
  const longLine = `HTTP/1.1 200 ${"r".repeat(9000)}`;
  refuses(longLine, "http.line_too_long");
  refuses(`HTTP/1.1 200 OK\r\nX: ${"v".repeat(40000)}`, "http.head_too_large");
  const many = Array.from({ length: 101 }, (_, i) => `X-${i}: ${i}`);
  refuses(response("HTTP/1.1 200 OK", ...many), "http.too_many_headers");
  accepts(response("HTTP/1.1 200 OK", ...many.slice(1)), "GET", { status: 200 });
  const small = bytes(response("HTTP/1.1 200 OK", "A: b"));
  strictEqual(parseResponseHead(small, "GET", { maxHeaders: 0 }).kind, "head");
  strictEqual(parseResponseHead(small, "GET", { maxRequestLine: 5 }).kind, "error");
});

Deno.test("parseResponseHead() gives the same result for a response split at every byte offset", () => {
  const samples = [
    response("HTTP/1.1 200 OK", "Content-Length: 5", "Server: x") + "hello",
    response("HTTP/1.1 100 Continue") +
    response("HTTP/1.1 201 Created", "Transfer-Encoding: chunked"),
    response("HTTP/1.1 200 OK", "Content-Length: 1", "Content-Length: 2"),
    "HTTP/1.1 200 OK\r\nA: b\n\r\n",
    response("HTTP/2.0 200 OK"),
  ];
  for (const sample of samples) {
    const all = bytes(sample);
    const full = parseResponseHead(all, "GET");
    ok(full.kind !== "incomplete");
    for (let cut = 0; cut <= all.length; cut++) {
      const early: ResponseHeadResult = parseResponseHead(all.slice(0, cut), "GET");
      if (early.kind !== "incomplete") deepStrictEqual(early, full, `cut at ${cut}`);
    }
  }
});
