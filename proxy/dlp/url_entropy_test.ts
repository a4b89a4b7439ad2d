/**
 * Entropy checks on URLs: encoded data in host labels (alone or cut into
 * short labels) and in path or query values is recognised; real names,
 * words joined by dashes, digests and UUIDs are not.
 */
import { strictEqual } from "node:assert/strict";
import { seededRandom } from "./testdata/synthetic_samples.ts";
import { hostLooksEncoded, looksEncoded, urlPartLooksEncoded } from "./url_entropy.ts";

const random = seededRandom(99);
const pick = (n: number, alphabet: string) =>
  Array.from({ length: n }, () => alphabet[Math.floor(random() * alphabet.length)]).join("");
const B32 = "abcdefghijklmnopqrstuvwxyz234567";

Deno.test("hostLooksEncoded() flags base32 and hex data in a label", () => {
  for (let i = 0; i < 50; i++) {
    strictEqual(hostLooksEncoded(`${pick(32, B32)}.exfil.example.com`), true);
    strictEqual(hostLooksEncoded(`${pick(40, "0123456789abcdef")}.example.com`), true);
  }
});

Deno.test("hostLooksEncoded() flags data cut into labels too short to judge alone", () => {
  const data = pick(45, B32);
  strictEqual(
    hostLooksEncoded(`${data.slice(0, 15)}.${data.slice(15, 30)}.${data.slice(30)}.x.example.com`),
    true,
  );
});

Deno.test("hostLooksEncoded() leaves real host names alone", () => {
  for (
    const host of [
      "registry.npmjs.org",
      "objects.githubusercontent.com",
      "s3.dualstack.ap-northeast-1.amazonaws.com",
      "storage.googleapis.com",
      "api-eu-west-1.internal-services.example.com",
      "friuli-venezia-giulia.it",
      "reproducible-builds.org",
      "developercommunity.visualstudio.com",
    ]
  ) strictEqual(hostLooksEncoded(host), false, host);
});

Deno.test("looksEncoded() ignores runs shorter than 16 characters", () => {
  strictEqual(looksEncoded(pick(15, B32)), false);
});

Deno.test("urlPartLooksEncoded() flags base64 data and leaves words, digests and UUIDs alone", () => {
  const b64 = btoa(String.fromCharCode(...crypto.getRandomValues(new Uint8Array(30))));
  strictEqual(urlPartLooksEncoded(b64), true);
  strictEqual(urlPartLooksEncoded("how-to-use-hexadecimal-ed25519-keys-in-node"), false);
  strictEqual(
    urlPartLooksEncoded("4ff8940144391ecd5e1632d0c427d95f4a8d2bb4a72b7e3898733352350d9ab3"),
    false,
  );
  strictEqual(urlPartLooksEncoded("123e4567-e89b-12d3-a456-426614174000"), false);
  strictEqual(urlPartLooksEncoded("TypeScript-DOM-lib-generator"), false);
});
