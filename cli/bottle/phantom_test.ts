import { notStrictEqual, ok, strictEqual, throws } from "node:assert/strict";
import {
  credentialVariable,
  PHANTOM_PREFIX,
  PHANTOM_RANDOM_BYTES,
  phantomCredential,
} from "./phantom.ts";

const bytes = (fill: (i: number) => number, length = PHANTOM_RANDOM_BYTES) =>
  new Uint8Array(length).map((_, i) => fill(i) & 0xff);

Deno.test("phantomCredential() starts with the prefix Claude Code expects for the type", () => {
  strictEqual(PHANTOM_PREFIX.oauth, "sk-ant-oat01-");
  strictEqual(PHANTOM_PREFIX.apiKey, "sk-ant-api03-");
  ok(phantomCredential("oauth", bytes((i) => i)).startsWith("sk-ant-oat01-"));
  ok(phantomCredential("apiKey", bytes((i) => i)).startsWith("sk-ant-api03-"));
});

Deno.test("phantomCredential() body is base64url only, with the AA tail and fixed length", () => {
  // 0xfb 0xef 0xbe is "++++" and 0xff… is "////" in plain base64: both must be translated.
  const inputs = [
    bytes(() => 0xff),
    bytes((i) => [0xfb, 0xef, 0xbe][i % 3]!),
    bytes(() => 0),
    bytes((i) => i * 37 + 11),
  ];
  for (const random of inputs) {
    for (const type of ["oauth", "apiKey"] as const) {
      const phantom = phantomCredential(type, random);
      const body = phantom.slice(PHANTOM_PREFIX[type].length);
      ok(/^[A-Za-z0-9_-]+AA$/.test(body), phantom);
      // 64 bytes: 86 base64 characters without padding, then "AA".
      strictEqual(body.length, 88);
    }
  }
  ok(phantomCredential("oauth", bytes(() => 0xff)).includes("____"));
  ok(phantomCredential("oauth", bytes((i) => [0xfb, 0xef, 0xbe][i % 3]!)).includes("----"));
});

Deno.test("phantomCredential() gives a different phantom for different random bytes", () => {
  const base = bytes((i) => i);
  const seen = new Set([phantomCredential("oauth", base)]);
  for (let i = 0; i < PHANTOM_RANDOM_BYTES; i++) {
    const flipped = base.slice();
    flipped[i] = flipped[i]! ^ 1;
    seen.add(phantomCredential("oauth", flipped));
  }
  strictEqual(seen.size, PHANTOM_RANDOM_BYTES + 1);
});

Deno.test("phantomCredential() is the same for the same bytes and type", () => {
  strictEqual(
    phantomCredential("oauth", bytes((i) => i)),
    phantomCredential("oauth", bytes((i) => i)),
  );
  notStrictEqual(
    phantomCredential("oauth", bytes((i) => i)),
    phantomCredential("apiKey", bytes((i) => i)),
  );
});

Deno.test("phantomCredential() refuses fewer than 64 random bytes", () => {
  throws(() => phantomCredential("oauth", new Uint8Array(63)), /64 random bytes/);
  throws(() => phantomCredential("apiKey", new Uint8Array(0)), /64 random bytes/);
});

Deno.test("phantomCredential() uses only the first 64 bytes of a longer buffer", () => {
  const long = bytes((i) => i, 100);
  strictEqual(phantomCredential("oauth", long), phantomCredential("oauth", long.subarray(0, 64)));
});

Deno.test("credentialVariable() names the variable Claude Code reads for each type", () => {
  strictEqual(credentialVariable("oauth"), "CLAUDE_CODE_OAUTH_TOKEN");
  strictEqual(credentialVariable("apiKey"), "ANTHROPIC_API_KEY");
});
