import { strictEqual } from "node:assert/strict";
import type { RequestHead } from "./parse_request_head.ts";
import { expectsContinue } from "./expects_continue.ts";

function head(
  version: RequestHead["version"],
  framing: RequestHead["framing"],
  expect?: string,
) {
  const headers: [string, string][] = expect === undefined ? [] : [["expect", expect]];
  return { version, framing, headers };
}

const BODY: RequestHead["framing"] = { kind: "length", length: 2 };

Deno.test("expectsContinue() is true for an HTTP/1.1 request with content and Expect: 100-continue", () => {
  strictEqual(expectsContinue(head("HTTP/1.1", BODY, "100-continue")), true);
  strictEqual(expectsContinue(head("HTTP/1.1", { kind: "chunked" }, "100-Continue")), true);
  strictEqual(expectsContinue(head("HTTP/1.1", BODY)), false);
  strictEqual(expectsContinue(head("HTTP/1.1", BODY, "something-else")), false);
});

Deno.test("expectsContinue() ignores the expectation without content or from HTTP/1.0 (RFC 9110 §10.1.1)", () => {
  strictEqual(expectsContinue(head("HTTP/1.1", { kind: "none" }, "100-continue")), false);
  strictEqual(expectsContinue(head("HTTP/1.0", BODY, "100-continue")), false);
});
