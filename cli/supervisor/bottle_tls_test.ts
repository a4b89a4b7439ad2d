import { deepStrictEqual, ok, rejects, strictEqual } from "node:assert/strict";
import { join } from "node:path";
import { certificateBlocks } from "../../proxy/tls/pem.ts";
import { makeTestCa } from "../../proxy/tls/testdata/test_ca.ts";
import { prepareBottleTls } from "./bottle_tls.ts";

function plan(egressAllow: readonly string[], egressTunnel: readonly string[] = []) {
  return {
    name: "tls-1",
    egressAllow,
    egressTunnel,
    credentials: [{
      name: "GH_TOKEN",
      fromHost: "GH",
      hosts: ["git.example.test:8443"],
      paths: [],
    }],
  };
}

Deno.test("bottle_tls_ca_may_sign_only_for_the_intercepted_names", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const system = join(dir, "system.pem");
    const systemCa = await makeTestCa({ bottle: "system" });
    await Deno.writeTextFile(system, `# a comment\n${systemCa.certificatePem}`);
    const tls = await prepareBottleTls(
      plan(["api.example.com", "*.cdn.example.org", "pinning.example.com", "10.0.0.1:443"], [
        "pinning.example.com",
      ]),
      { systemBundle: system },
    );
    ok(tls !== undefined);
    deepStrictEqual(tls.ca.subtrees, ["api.example.com", "cdn.example.org", "git.example.test"]);
    await tls.ca.issue("git.example.test");
    await rejects(tls.ca.issue("pinning.example.com"), /not a name this CA may sign for/);
    // The bundle: the system store's certificates, then the CA; never a key.
    deepStrictEqual(certificateBlocks(tls.bundlePem), [
      systemCa.certificatePem,
      tls.ca.certificatePem,
    ]);
    ok(!tls.bundlePem.includes("PRIVATE KEY"));
    deepStrictEqual(tls.upstreamRoots, [`# a comment\n${systemCa.certificatePem}`]);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("bottle_tls_is_absent_when_nothing_is_intercepted", async () => {
  const none = await prepareBottleTls({
    name: "t",
    egressAllow: ["a.test"],
    egressTunnel: ["a.test"],
    credentials: [],
  });
  strictEqual(none, undefined);
  strictEqual(
    await prepareBottleTls({ name: "t", egressAllow: [], egressTunnel: [], credentials: [] }),
    undefined,
  );
});

Deno.test("bottle_tls_test_seam_adds_its_roots_and_refuses_a_file_without_one", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const testCa = await makeTestCa({ bottle: "upstream" });
    const file = join(dir, "test-ca.pem");
    await Deno.writeTextFile(file, testCa.certificatePem);
    const missing = join(dir, "absent.pem");
    const tls = await prepareBottleTls(plan([]), {
      systemBundle: missing,
      testUpstreamCaFile: file,
    });
    // No system store on this "host": the bundle is the CA alone, the roots the test CA alone.
    deepStrictEqual(certificateBlocks(tls!.bundlePem), [tls!.ca.certificatePem]);
    deepStrictEqual(tls!.upstreamRoots, [testCa.certificatePem]);
    const empty = join(dir, "empty.pem");
    await Deno.writeTextFile(empty, "not a certificate\n");
    await rejects(
      prepareBottleTls(plan([]), { systemBundle: missing, testUpstreamCaFile: empty }),
      /BOTTLE_TEST_UPSTREAM_CA names .* which holds no certificate/,
    );
    await rejects(
      prepareBottleTls(plan([]), { systemBundle: missing, testUpstreamCaFile: missing }),
      /BOTTLE_TEST_UPSTREAM_CA names .* which cannot be read/,
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
