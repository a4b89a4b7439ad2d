import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { deny } from "../decision.ts";
import { parseRequestHead, type RequestHead } from "../http/mod.ts";
import { parseConnectTarget } from "../policy/mod.ts";
import { decisionFor, denied, hostAgrees, targetRefused } from "./egress_route.ts";

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

Deno.test("targetRefused() answers a malformed target 400 and a refused spelling 403", () => {
  strictEqual(targetRefused(deny("egress.bad_target", "x")).status, 400);
  strictEqual(targetRefused(deny("egress.bad_port", "x")).status, 400);
  strictEqual(targetRefused(deny("egress.ip_form", "x")).status, 403);
  deepStrictEqual(denied({ action: "allow" }), {
    ok: false,
    status: 500,
    code: "policy.error",
    reason: "no decision",
  });
});

Deno.test("hostAgrees() compares the Host field with the target in its normal form", () => {
  const parsed = parseConnectTarget("svc.test:8080");
  if (!parsed.ok) throw new Error("unparsed");
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
