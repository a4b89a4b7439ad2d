import { strictEqual } from "node:assert/strict";
import { parseRequestHead, type RequestHead } from "../http/mod.ts";
import { parseConnectTarget } from "../policy/mod.ts";
import { decisionFor, hostAgrees } from "./egress_route.ts";

function head(raw: string): RequestHead {
  const result = parseRequestHead(new TextEncoder().encode(raw));
  if (result.kind !== "head") throw new Error(`not a head: ${JSON.stringify(result)}`);
  return result.head;
}

Deno.test("decisionFor() allows only destination-side failures", () => {
  for (const status of [502, 504]) strictEqual(decisionFor(status), "allow", String(status));
  for (const status of [400, 403, 405, 408, 431, 500, 501, 503, 505]) {
    strictEqual(decisionFor(status), "deny", String(status));
  }
});

Deno.test("hostAgrees() compares the Host field with the target in its normal form", () => {
  const parsed = parseConnectTarget("svc.test:8080");
  if (parsed.kind !== "target") throw new Error("unparsed");
  const at = (host: string) => head(`GET http://svc.test:8080/ HTTP/1.1\r\nHost: ${host}\r\n\r\n`);
  strictEqual(hostAgrees(at("SVC.test.:8080"), parsed.target, 80), true);
  strictEqual(hostAgrees(at("svc.test"), parsed.target, 80), false, "no port means 80");
  strictEqual(hostAgrees(at("svc.test"), parsed.target, 8080), true);
  strictEqual(hostAgrees(at("other.test:8080"), parsed.target, 80), false);
  strictEqual(
    hostAgrees(head("GET http://svc.test:8080/ HTTP/1.0\r\n\r\n"), parsed.target, 80),
    true,
  );
});

Deno.test("hostAgrees() reads the Host field the head parser split, not the field's text", () => {
  const parsed = parseConnectTarget("svc.test:8080");
  if (parsed.kind !== "target") throw new Error("unparsed");
  const base = head("CONNECT svc.test:8080 HTTP/1.1\r\nHost: svc.test:8080\r\n\r\n");
  const other = { ...base, host: { host: "other.test", bracketed: false, port: "8080" } };
  strictEqual(hostAgrees(base, parsed.target, 443), true);
  strictEqual(hostAgrees(other, parsed.target, 443), false, "the split, not the text, is read");
});
