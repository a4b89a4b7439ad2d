import { strictEqual } from "node:assert/strict";
import type { ResponseHead } from "./parse_response_head.ts";
import { reusableAfter } from "./reusable_after.ts";

function response(
  version: ResponseHead["version"],
  framing: ResponseHead["framing"],
  ...connection: string[]
): Pick<ResponseHead, "version" | "headers" | "framing"> {
  return {
    version,
    framing,
    headers: connection.map((value): [string, string] => ["connection", value]),
  };
}

const LENGTH = { kind: "length", length: 5 } as const;

Deno.test("reusableAfter() keeps an HTTP/1.1 response's connection unless it says close", () => {
  strictEqual(reusableAfter(response("HTTP/1.1", LENGTH)), true);
  strictEqual(reusableAfter(response("HTTP/1.1", { kind: "chunked" })), true);
  strictEqual(reusableAfter(response("HTTP/1.1", { kind: "none" })), true);
  strictEqual(reusableAfter(response("HTTP/1.1", LENGTH, "Close")), false);
  strictEqual(reusableAfter(response("HTTP/1.1", LENGTH, "x-other, close")), false);
});

Deno.test("reusableAfter() keeps an HTTP/1.0 response's connection only with keep-alive", () => {
  strictEqual(reusableAfter(response("HTTP/1.0", LENGTH)), false);
  strictEqual(reusableAfter(response("HTTP/1.0", LENGTH, "keep-alive")), true);
  strictEqual(reusableAfter(response("HTTP/1.0", LENGTH, "keep-alive, close")), false);
});

Deno.test("reusableAfter() never keeps a connection whose body ran until the close", () => {
  strictEqual(reusableAfter(response("HTTP/1.1", { kind: "close" })), false);
  strictEqual(reusableAfter(response("HTTP/1.0", { kind: "close" }, "keep-alive")), false);
});
