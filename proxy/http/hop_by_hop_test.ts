import { deepStrictEqual } from "node:assert/strict";
import { HOP_BY_HOP_FIELDS, stripHopByHop } from "./hop_by_hop.ts";

Deno.test("stripHopByHop() removes every RFC 9110 §7.6.1 field and the proxy credentials", () => {
  const headers: [string, string][] = [
    ["host", "example.com"],
    ...[...HOP_BY_HOP_FIELDS].map((name): [string, string] => [name, "x"]),
    ["accept", "*/*"],
  ];
  deepStrictEqual(stripHopByHop(headers), [["host", "example.com"], ["accept", "*/*"]]);
  deepStrictEqual([...HOP_BY_HOP_FIELDS].sort(), [
    "connection",
    "keep-alive",
    "proxy-authenticate",
    "proxy-authorization",
    "proxy-connection",
    "te",
    "trailer",
    "transfer-encoding",
    "upgrade",
  ]);
});

Deno.test("stripHopByHop() removes every field a Connection header names, in any case or list", () => {
  const headers: [string, string][] = [
    ["connection", "close, X-Secret ,\tx-other"],
    ["Connection", "Keep-Alive, , X-Third"],
    ["x-secret", "1"],
    ["X-Other", "2"],
    ["x-third", "3"],
    ["x-kept", "4"],
    ["content-length", "5"],
  ];
  deepStrictEqual(stripHopByHop(headers), [["x-kept", "4"], ["content-length", "5"]]);
});

Deno.test("stripHopByHop() removes listed end-to-end names too, so the proxy must re-add framing", () => {
  const headers: [string, string][] = [
    ["connection", "content-length, host"],
    ["host", "a"],
    ["content-length", "3"],
    ["transfer-encoding", "chunked"],
    ["x-kept", "1"],
  ];
  deepStrictEqual(stripHopByHop(headers), [["x-kept", "1"]]);
});

Deno.test("stripHopByHop() keeps order and duplicates and does not alias its input", () => {
  const headers: [string, string][] = [["a", "1"], ["b", "2"], ["a", "3"]];
  const out = stripHopByHop(headers);
  deepStrictEqual(out, headers);
  out[0]![1] = "changed";
  deepStrictEqual(headers[0], ["a", "1"]);
});
