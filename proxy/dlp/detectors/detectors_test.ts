/**
 * Recall of every detector: at least two synthetic samples in its documented
 * format are found, with the span covering exactly the secret; checksummed
 * formats refuse a sample whose checksum is wrong; look-alikes are refused.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { SAMPLE_MAKERS, sampleFor } from "../testdata/synthetic_samples.ts";
import { compileDetectors } from "../compile_detectors.ts";
import { scanText, scanWith } from "../scan_text.ts";
import { ALL_DETECTORS } from "./mod.ts";

const SAMPLES_PER_DETECTOR = 3;

/** Key-file formats: the span covers the block (to its END line when present), not a fixed token. */
const KEY_FILES = new Set([
  "private_key_rsa",
  "private_key_ec",
  "private_key_dsa",
  "private_key_openssh",
  "private_key_pkcs8",
  "private_key_encrypted",
  "pgp_private_key",
  "ssh2_private_key",
  "putty_private_key",
]);

Deno.test("ALL_DETECTORS has at least 70 detectors with unique names", () => {
  ok(ALL_DETECTORS.length >= 70, `${ALL_DETECTORS.length} detectors`);
  strictEqual(new Set(ALL_DETECTORS.map((d) => d.name)).size, ALL_DETECTORS.length);
});

Deno.test("every detector has a sample maker (so recall is tested for each)", () => {
  const missing = ALL_DETECTORS.map((d) => d.name).filter((name) => !(name in SAMPLE_MAKERS));
  deepStrictEqual(missing, []);
});

for (const detector of ALL_DETECTORS) {
  Deno.test(`${detector.name}: finds ${SAMPLES_PER_DETECTOR} synthetic samples, span = the secret`, () => {
    for (let i = 0; i < SAMPLES_PER_DETECTOR; i++) {
      const { text, secret } = sampleFor(detector.name, i);
      const framed = `before ${text} after`;
      const hits = scanText(framed);
      const hit = hits.find((h) => h.detector === detector.name);
      ok(
        hit !== undefined,
        `sample ${i} of ${detector.name} not found; hits: ${JSON.stringify(hits)}`,
      );
      strictEqual(hit.offset, framed.indexOf(secret), `sample ${i} of ${detector.name}: offset`);
      if (KEY_FILES.has(detector.name)) {
        // A key file's span runs at least through its header and first base64 line.
        ok(hit.length >= 80, `sample ${i} of ${detector.name}: length ${hit.length}`);
      } else {
        strictEqual(hit.length, secret.length, `sample ${i} of ${detector.name}: length`);
      }
    }
  });
}

/** Detectors whose format carries a checksum: a sample with one character changed must be refused. */
const CHECKSUMMED = [
  "github_pat_classic",
  "github_oauth_token",
  "github_user_to_server_token",
  "github_server_to_server_token",
  "github_refresh_token",
  "npm_token",
  "age_secret_key",
];

for (const name of CHECKSUMMED) {
  Deno.test(`${name}: a sample with a wrong checksum is refused`, () => {
    for (let i = 0; i < SAMPLES_PER_DETECTOR; i++) {
      const { secret } = sampleFor(name, i);
      const last = secret.at(-1)!;
      const swapped = last === "Q" ? "P" : "Q";
      const broken = secret.slice(0, -1) + swapped;
      const hits = scanText(`x ${broken} y`).filter((h) => h.detector === name);
      deepStrictEqual(hits, [], `${broken.slice(0, 8)}… should fail its checksum`);
    }
  });
}

Deno.test("scanText() refuses placeholders and documentation examples", () => {
  const texts = [
    "AKIAIOSFODNN7EXAMPLE",
    "ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
    "ghp_" + "a".repeat(36),
    "postgres://user:password@localhost:5432/db",
    "mysql://root:${DB_PASSWORD}@db/app",
    "-----BEGIN RSA PRIVATE KEY-----",
    "const HEADER = '-----BEGIN RSA PRIVATE KEY-----';",
    "-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA...\n-----END RSA PRIVATE KEY-----",
    "password = options.password;",
    "token = this.nextToken();",
    "const secret = process.env.CLIENT_SECRET;",
    "exports.TOKEN = exports.STRICT_TOKEN2;",
    "sk_test_xxxxxxxxxxxxxxxxxxxxxxxx",
    "key-value store",
    "AGE-SECRET-KEY-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ",
  ];
  for (const text of texts) deepStrictEqual(scanText(text), [], text);
});

Deno.test("scanText() never returns the matched value, only detector, offset and length", () => {
  const { text } = sampleFor("github_pat_classic", 0);
  const hits = scanText(`token ${text}`);
  strictEqual(hits.length, 1);
  deepStrictEqual(Object.keys(hits[0]!).sort(), ["detector", "length", "offset"]);
});

Deno.test("scanText() finds a token right after a percent-encoded separator (token%3Dghp_…)", () => {
  const { text } = sampleFor("github_pat_classic", 1);
  const hits = scanText(`q=token%3D${text}`);
  strictEqual(hits[0]?.detector, "github_pat_classic");
});

Deno.test("scanText() finds tokens at the very start and end of the text", () => {
  const { text } = sampleFor("npm_token", 0);
  strictEqual(scanText(text)[0]?.offset, 0);
  strictEqual(scanText(`x ${text}`)[0]?.offset, 2);
});

Deno.test("scanText() reports a specific detector over a generic one at the same place", () => {
  const { text } = sampleFor("github_pat_classic", 2);
  const hits = scanText(`GITHUB_TOKEN=${text}\n`);
  deepStrictEqual(hits.map((h) => h.detector), ["github_pat_classic"]);
});

Deno.test("compileDetectors() refuses a short anchor, a non-sticky pattern and a duplicate name", () => {
  const base = { name: "x", anchors: ["abcd"], pattern: /abcd/y };
  compileDetectors([base]);
  let threw = 0;
  for (
    const bad of [
      [{ ...base, anchors: ["abc"] }],
      [{ ...base, pattern: /abcd/ }],
      [base, base],
      [{ ...base, pattern: /ab(?<secret>cd)/y }],
    ]
  ) {
    try {
      compileDetectors(bad);
    } catch {
      threw++;
    }
  }
  strictEqual(threw, 4);
});

Deno.test("scanWith() finds an ignore-case anchor in any letter case", () => {
  const index = compileDetectors([{
    name: "kw",
    anchors: ["secretword"],
    ignoreCase: true,
    pattern: /secretword/iy,
  }]);
  for (const text of ["SECRETWORD", "SecretWord", "secretword", "sEcReTwOrD"]) {
    strictEqual(scanWith(index, `a ${text} b`).length, 1, text);
  }
  strictEqual(scanWith(index, "secretwor").length, 0);
});
