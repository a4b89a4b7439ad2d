/**
 * Runs the invalid-manifest corpus: each case asserts every diagnostic with
 * its exact line, column and message. Messages are the user interface of a
 * security config, so any change to one shows up here in review.
 */
import { deepStrictEqual } from "node:assert/strict";
import { analyzeManifestText } from "./analyze_manifest.ts";
import { TEST_HOST } from "./test_host.ts";
import { INVALID_CASES } from "./testdata/invalid_corpus.ts";

for (const c of INVALID_CASES) {
  Deno.test(`analyzeManifest() reports ${c.name}`, () => {
    const analysis = analyzeManifestText(c.text, TEST_HOST);
    const got = analysis.diagnostics.map((d) =>
      `${d.line}:${d.column}: ${d.severity}: ${d.message}`
    );
    deepStrictEqual(got, c.expect);
    deepStrictEqual(analysis.manifest, undefined, "an invalid manifest must not be handed out");
  });
}

Deno.test("the invalid corpus has at least 40 distinct cases, each with an error", () => {
  const names = new Set(INVALID_CASES.map((c) => c.name));
  deepStrictEqual(names.size, INVALID_CASES.length);
  deepStrictEqual(INVALID_CASES.length >= 40, true);
  for (const c of INVALID_CASES) {
    deepStrictEqual(c.expect.some((e) => / error: /.test(e)), true, c.name);
  }
});
