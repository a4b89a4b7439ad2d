import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { clientHello, type HelloOptions } from "../../tests/helpers/client_hello.ts";
import { checkInterceptHello } from "./check_intercept_hello.ts";
import { parseClientHello } from "./parse_client_hello.ts";

const HOST = "api.github.com";

function check(options: HelloOptions): string {
  const decision = checkInterceptHello(parseClientHello(clientHello(options)), HOST);
  return decision.kind === "allow" ? "allow" : decision.code;
}

Deno.test("checkInterceptHello() keeps every tunnel check: SNI, ECH, TLS at all", () => {
  strictEqual(check({ names: [HOST] }), "allow");
  strictEqual(check({ names: ["other.test"] }), "egress.sni_mismatch");
  strictEqual(check({}), "egress.no_sni");
  strictEqual(check({ names: [HOST], ech: true }), "egress.ech");
  const garbage = checkInterceptHello(parseClientHello(new TextEncoder().encode("GET /")), HOST);
  deepStrictEqual(garbage.kind === "deny" && garbage.code, "egress.not_tls");
});

Deno.test("intercept_refuses_a_client_offering_only_tls_older_than_1_2", () => {
  strictEqual(check({ names: [HOST], versions: [], legacyVersion: 0x0301 }), "egress.tls_version");
  strictEqual(check({ names: [HOST], versions: [], legacyVersion: 0x0302 }), "egress.tls_version");
  strictEqual(check({ names: [HOST], versions: [0x0302, 0x0301] }), "egress.tls_version");
  strictEqual(check({ names: [HOST], versions: [], legacyVersion: 0x0303 }), "allow", "TLS 1.2");
  strictEqual(check({ names: [HOST], versions: [0x0a0a, 0x0304] }), "allow", "GREASE and 1.3");
});

Deno.test("intercept_refuses_a_client_offering_h2_without_http_1_1", () => {
  strictEqual(check({ names: [HOST], alpn: ["h2"] }), "egress.tls_alpn");
  strictEqual(check({ names: [HOST], alpn: ["h2", "h3"] }), "egress.tls_alpn");
  strictEqual(check({ names: [HOST], alpn: ["h2", "http/1.1"] }), "allow");
  strictEqual(check({ names: [HOST], alpn: ["http/1.1"] }), "allow");
  strictEqual(check({ names: [HOST] }), "allow", "no ALPN: HTTP/1.1");
});
