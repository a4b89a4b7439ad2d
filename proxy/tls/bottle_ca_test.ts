import { deepStrictEqual, ok, rejects, strictEqual } from "node:assert/strict";
import { BottleCa, LEAF_LIFETIME_MS } from "./bottle_ca.ts";
import { makeTestCa } from "./testdata/test_ca.ts";
import { openssl } from "./testdata/openssl.ts";

const HOUR_MS = 3_600_000;

/** `openssl verify` of `leaf` against `ca` as a TLS client would (strict, server purpose, name). */
async function verify(caPem: string, leafPem: string, name: string) {
  return await openssl([
    "verify",
    "-x509_strict",
    "-purpose",
    "sslserver",
    "-verify_hostname",
    name,
    "-CAfile",
    "ca.pem",
    "leaf.pem",
  ], { "ca.pem": caPem, "leaf.pem": leafPem });
}

Deno.test("bottle_ca_certificate_is_a_constrained_ca_openssl_reads", async () => {
  const ca = await BottleCa.create({ bottle: "demo", hosts: ["api.github.com", "*.npmjs.org"] });
  const { code, stdout } = await openssl(["x509", "-text", "-noout", "-in", "ca.pem"], {
    "ca.pem": ca.certificatePem,
  });
  strictEqual(code, 0);
  ok(stdout.includes("Subject: O = bottle, CN = bottle demo CA"), stdout);
  ok(/Basic Constraints: critical\s+CA:TRUE, pathlen:0/.test(stdout), stdout);
  ok(/Key Usage: critical\s+Certificate Sign, CRL Sign/.test(stdout), stdout);
  ok(stdout.includes("Subject Key Identifier"), stdout);
  ok(
    /Name Constraints: critical\s+Permitted:\s+DNS:api\.github\.com\s+DNS:npmjs\.org\s+Excluded:\s+IP:0\.0\.0\.0\/0\.0\.0\.0\s+IP:0:0:0:0:0:0:0:0\/0:0:0:0:0:0:0:0/
      .test(stdout),
    stdout,
  );
  deepStrictEqual(ca.subtrees, ["api.github.com", "npmjs.org"]);
  // Self-signed and well formed: openssl accepts it as its own trust anchor.
  const self = await openssl(["verify", "-x509_strict", "-CAfile", "ca.pem", "ca.pem"], {
    "ca.pem": ca.certificatePem,
  });
  strictEqual(self.code, 0, self.stderr);
});

Deno.test("bottle_ca_lives_from_an_hour_ago_to_its_lifetime", async () => {
  const now = new Date("2030-01-01T12:00:00Z");
  const ca = await BottleCa.create({ bottle: "b", lifetimeMs: 48 * HOUR_MS, now });
  strictEqual(ca.notBefore.toISOString(), "2030-01-01T11:00:00.000Z");
  strictEqual(ca.notAfter.toISOString(), "2030-01-03T12:00:00.000Z");
  strictEqual(ca.subtrees, undefined);
  await rejects(BottleCa.create({ bottle: "b", hosts: [] }), /no host/);
  await rejects(BottleCa.create({ bottle: "b", lifetimeMs: 0 }), /positive/);
});

Deno.test("bottle_ca_private_key_is_made_non_extractable", async () => {
  const asked: boolean[] = [];
  const subtle = crypto.subtle as { generateKey: (...args: unknown[]) => Promise<unknown> };
  const generateKey = subtle.generateKey;
  subtle.generateKey = function (...args: unknown[]) {
    asked.push(args[1] as boolean);
    return generateKey.apply(crypto.subtle, args);
  };
  try {
    await BottleCa.create({ bottle: "b", leafKeys: "each" });
  } finally {
    subtle.generateKey = generateKey;
  }
  deepStrictEqual(asked, [false], "the CA's key pair is the only one made, and not extractable");
});

Deno.test("bottle_ca_leaf_verifies_as_a_tls_server_certificate_for_its_name", async () => {
  const ca = await BottleCa.create({ bottle: "demo", hosts: ["github.com"] });
  const leaf = await ca.issue("api.github.com");
  const text = await openssl(["x509", "-text", "-noout", "-in", "leaf.pem"], {
    "leaf.pem": leaf.certificatePem,
  });
  ok(text.stdout.includes("Subject: CN = api.github.com"), text.stdout);
  ok(/Basic Constraints: critical\s+CA:FALSE/.test(text.stdout), text.stdout);
  ok(/Key Usage: critical\s+Digital Signature\n/.test(text.stdout), text.stdout);
  ok(/Extended Key Usage:\s+TLS Web Server Authentication\n/.test(text.stdout), text.stdout);
  ok(/Subject Alternative Name:\s+DNS:api\.github\.com\n/.test(text.stdout), text.stdout);
  ok(text.stdout.includes("Authority Key Identifier"), text.stdout);
  strictEqual((await verify(ca.certificatePem, leaf.certificatePem, "api.github.com")).code, 0);
  const other = await verify(ca.certificatePem, leaf.certificatePem, "www.github.com");
  ok(other.code !== 0 && other.stderr.includes("hostname mismatch"), other.stderr);
  ok(leaf.keyPem.startsWith("-----BEGIN PRIVATE KEY-----\n"));
});

Deno.test("bottle_ca_leaf_for_a_name_longer_than_a_common_name_has_an_empty_subject", async () => {
  const name = `${"a".repeat(60)}.example.test`;
  const ca = await BottleCa.create({ bottle: "demo" });
  const leaf = await ca.issue(name);
  const text = await openssl(["x509", "-text", "-noout", "-in", "leaf.pem"], {
    "leaf.pem": leaf.certificatePem,
  });
  ok(/Subject: *\n/.test(text.stdout), text.stdout);
  ok(
    /Subject Alternative Name: critical\s+DNS:a{60}\.example\.test/.test(text.stdout),
    text.stdout,
  );
  strictEqual((await verify(ca.certificatePem, leaf.certificatePem, name)).code, 0);
});

Deno.test("bottle_ca_signs_nothing_outside_its_hosts_nor_anything_not_a_host_name", async () => {
  const ca = await BottleCa.create({ bottle: "demo", hosts: ["github.com"] });
  await rejects(ca.issue("example.com"), /not a name this CA may sign for/);
  await rejects(ca.issue("evilgithub.com"), /not a name this CA may sign for/);
  await rejects(ca.issue("127.0.0.1"), /not a host name/);
  await rejects(ca.issue("API.github.com"), /not a host name/);
  await rejects(ca.issue("*.github.com"), /not a host name/);
  await rejects(ca.issue("github.com."), /not a host name/);
  await ca.issue("github.com");
});

Deno.test("bottle_ca_leaf_lives_a_day_and_never_past_the_ca", async () => {
  const now = new Date("2030-01-01T12:00:00Z");
  const ca = await BottleCa.create({ bottle: "b", lifetimeMs: 30 * HOUR_MS, now });
  const first = await ca.issue("a.test", now);
  strictEqual(first.notAfter.getTime(), now.getTime() + LEAF_LIFETIME_MS);
  const late = new Date(now.getTime() + 20 * HOUR_MS);
  strictEqual((await ca.issue("a.test", late)).notAfter.getTime(), ca.notAfter.getTime());
  await rejects(ca.issue("a.test", new Date(ca.notAfter.getTime() + 1)), /expired/);
});

Deno.test("bottle_ca_shares_one_leaf_key_unless_told_to_make_one_each", async () => {
  const shared = await BottleCa.create({ bottle: "b" });
  strictEqual((await shared.issue("a.test")).keyPem, (await shared.issue("b.test")).keyPem);
  const each = await BottleCa.create({ bottle: "b", leafKeys: "each" });
  ok((await each.issue("a.test")).keyPem !== (await each.issue("b.test")).keyPem);
});

Deno.test("name_constraints_make_openssl_refuse_a_leaf_outside_them", async () => {
  // A test CA with the same profile holds its key, so it can sign what a bottle's CA refuses to.
  const ca = await makeTestCa({ subtrees: ["github.com"] });
  const inside = await ca.leaf("api.github.com");
  strictEqual((await verify(ca.certificatePem, inside.cert, "api.github.com")).code, 0);
  const outside = await ca.leaf("example.com");
  const refused = await verify(ca.certificatePem, outside.cert, "example.com");
  ok(refused.code !== 0 && refused.stderr.includes("permitted subtree violation"), refused.stderr);
});
