import { deepStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import { BottleCa } from "./bottle_ca.ts";
import { renderCaBundle, writeCaFiles } from "./ca_files.ts";
import { certificateBlocks } from "./pem.ts";
import { openssl } from "./testdata/openssl.ts";
import { makeTestCa } from "./testdata/test_ca.ts";

Deno.test("renderCaBundle() keeps every system certificate, drops other text, and ends with the CA", async () => {
  const one = await makeTestCa({ bottle: "one" });
  const two = await makeTestCa({ bottle: "two" });
  const ca = await makeTestCa({ bottle: "mine" });
  const system = `# a comment\r\n${
    one.certificatePem.replaceAll("\n", "\r\n")
  }junk\n${two.certificatePem}`;
  const bundle = renderCaBundle(system, ca.certificatePem);
  deepStrictEqual(certificateBlocks(bundle), [
    one.certificatePem,
    two.certificatePem,
    ca.certificatePem,
  ]);
  ok(!bundle.includes("junk") && !bundle.includes("\r"));
  throws(() => renderCaBundle(system, ""), /exactly one/);
});

Deno.test("ca_files_are_written_readable_and_verify_a_leaf_next_to_the_system_store", async () => {
  const dir = await Deno.makeTempDir({ prefix: "bottle-ca-files-" });
  try {
    const ca = await BottleCa.create({ bottle: "demo", hosts: ["github.com"] });
    const system = await makeTestCa({ bottle: "system" });
    await Deno.writeTextFile(`${dir}/system.pem`, system.certificatePem);
    const files = await writeCaFiles(dir, ca.certificatePem, `${dir}/system.pem`);
    strictEqual(await Deno.readTextFile(files.ca), ca.certificatePem);
    strictEqual((await Deno.stat(files.ca)).mode! & 0o777, 0o644);
    strictEqual((await Deno.stat(files.bundle)).mode! & 0o777, 0o644);
    const bundle = await Deno.readTextFile(files.bundle);
    ok(!bundle.includes("PRIVATE KEY"));
    const leaf = await ca.issue("api.github.com");
    const ours = await openssl(["verify", "-CAfile", "bundle.pem", "leaf.pem"], {
      "bundle.pem": bundle,
      "leaf.pem": leaf.certificatePem,
    });
    strictEqual(ours.code, 0, ours.stderr);
    const theirs = await openssl(["verify", "-CAfile", "bundle.pem", "leaf.pem"], {
      "bundle.pem": bundle,
      "leaf.pem": (await system.leaf("example.com")).cert,
    });
    strictEqual(theirs.code, 0, theirs.stderr);
    // No system store: the bundle is the CA alone.
    const alone = await writeCaFiles(dir, ca.certificatePem, `${dir}/missing.pem`);
    strictEqual(await Deno.readTextFile(alone.bundle), ca.certificatePem);
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
