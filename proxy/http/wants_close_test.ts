import { strictEqual } from "node:assert/strict";
import type { RequestHead } from "./parse_request_head.ts";
import { wantsClose } from "./wants_close.ts";

function head(version: RequestHead["version"], ...connection: string[]) {
  return { version, headers: connection.map((value): [string, string] => ["connection", value]) };
}

Deno.test("wantsClose() keeps an HTTP/1.1 connection unless Connection: close", () => {
  strictEqual(wantsClose(head("HTTP/1.1")), false);
  strictEqual(wantsClose(head("HTTP/1.1", "keep-alive")), false);
  strictEqual(wantsClose(head("HTTP/1.1", "close")), true);
  strictEqual(wantsClose(head("HTTP/1.1", "X-Other, Close")), true);
  strictEqual(wantsClose(head("HTTP/1.1", "x-other", " close ")), true);
});

Deno.test("wantsClose() keeps an HTTP/1.0 connection only with Connection: keep-alive (the proxies disagreed)", () => {
  strictEqual(wantsClose(head("HTTP/1.0")), true);
  strictEqual(wantsClose(head("HTTP/1.0", "Keep-Alive")), false);
  strictEqual(wantsClose(head("HTTP/1.0", "x-other, keep-alive")), false);
  // close wins over keep-alive, whichever comes first.
  strictEqual(wantsClose(head("HTTP/1.0", "keep-alive, close")), true);
  strictEqual(wantsClose(head("HTTP/1.0", "close", "keep-alive")), true);
});
