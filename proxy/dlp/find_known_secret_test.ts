/**
 * Known-secret canaries: every secret is found raw, reversed, in base64 and
 * base64url at each of the three alignments, base64 line-wrapped (MIME and
 * PEM), base32, hex in either case, percent-encoded and UTF-16 (both byte orders); hits name the label, kind and encoding, never the value;
 * the cost per byte does not grow with the number of secrets.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { seededRandom } from "./testdata/synthetic_samples.ts";
import { compileCanaries, MIN_CANARY_BYTES } from "./compile_canaries.ts";
import { canaryVariants, stableCore } from "./canary_variants.ts";
import { findKnownSecret, findKnownSecretIgnoringCase } from "./find_known_secret.ts";
import type { KnownSecret } from "./known_secret.ts";

const random = seededRandom(42);
function randomText(
  n: number,
  alphabet = "abcdefghijklmnopqrstuvwxyz ABCDEFGHIJ0123456789.,\n",
): string {
  let out = "";
  for (let i = 0; i < n; i++) out += alphabet[Math.floor(random() * alphabet.length)];
  return out;
}

const REAL: KnownSecret = {
  label: "ANTHROPIC_API_KEY",
  value: "sk-ant-api03-" + randomText(40, "abcdefghijklmnopqrstuvwxyz0123456789_-") + "AA",
  kind: "real",
};
const PHANTOM: KnownSecret = {
  label: "phantom",
  value: "sk-ant-oat01-" + randomText(40, "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789") + "AA",
  kind: "phantom",
};
const SET = compileCanaries([REAL, PHANTOM]);

function b64(bytes: Uint8Array): string {
  return btoa(String.fromCharCode(...bytes));
}

const enc = new TextEncoder();

Deno.test("findKnownSecret() finds a secret raw, in text and in bytes, with its offset", () => {
  const text = `hello ${REAL.value} world`;
  deepStrictEqual(findKnownSecret(SET, text), {
    label: REAL.label,
    kind: "real",
    encoding: "raw",
    offset: 6,
  });
  deepStrictEqual(findKnownSecret(SET, enc.encode(text)), {
    label: REAL.label,
    kind: "real",
    encoding: "raw",
    offset: 6,
  });
});

Deno.test("findKnownSecret() finds a phantom and says it is one", () => {
  const hit = findKnownSecret(SET, `x=${PHANTOM.value}`);
  strictEqual(hit?.kind, "phantom");
  strictEqual(hit?.label, "phantom");
});

for (
  const [name, alphabetFix] of [["base64", (s: string) => s], [
    "base64url",
    (s: string) => s.replaceAll("+", "-").replaceAll("/", "_"),
  ]] as const
) {
  for (let shift = 0; shift < 3; shift++) {
    Deno.test(`findKnownSecret() finds a secret in ${name} at alignment ${shift} (secret ${shift} bytes into a 3-byte group)`, () => {
      for (const lead of [0, 3, 6, 30]) {
        const prefix = randomText(lead + shift);
        const stream = enc.encode(prefix + PHANTOM.value + randomText(7));
        const encoded = alphabetFix(b64(stream));
        const hit = findKnownSecret(SET, `data=${encoded}&x=1`);
        strictEqual(hit?.label, "phantom", `lead ${lead}: ${name}`);
        ok(hit?.encoding === name || hit?.encoding === "base64", hit?.encoding);
      }
    });
  }
}

Deno.test("findKnownSecret() finds a secret whose base64 and base64url spellings differ, in both", () => {
  // Bytes 0xfb 0xff encode to "+/" in base64 and "-_" in base64url.
  const secret: KnownSecret = {
    label: "binary",
    value: "\u00fb\u00ff\u00fe-key-material-0123456789",
    kind: "real",
  };
  const set = compileCanaries([secret]);
  const bytes = enc.encode(secret.value);
  const std = b64(bytes);
  ok(/[+/]/.test(std), "the sample must contain base64-only characters");
  strictEqual(findKnownSecret(set, std)?.encoding, "base64");
  strictEqual(
    findKnownSecret(set, std.replaceAll("+", "-").replaceAll("/", "_"))?.encoding,
    "base64url",
  );
});

Deno.test("findKnownSecret() finds a secret in hex, lower and upper case", () => {
  const hex = [...enc.encode(REAL.value)].map((b) => b.toString(16).padStart(2, "0")).join("");
  strictEqual(findKnownSecret(SET, `h=${hex}`)?.encoding, "hex");
  strictEqual(findKnownSecret(SET, `h=${hex.toUpperCase()}`)?.encoding, "hex");
});

Deno.test("findKnownSecret() finds a secret percent-encoded, every byte or only reserved ones", () => {
  const all = [...enc.encode(REAL.value)].map((b) =>
    "%" + b.toString(16).toUpperCase().padStart(2, "0")
  ).join("");
  strictEqual(findKnownSecret(SET, `q=${all}`)?.encoding, "percent");
  strictEqual(findKnownSecret(SET, `q=${all.toLowerCase()}`)?.encoding, "percent");
  const special: KnownSecret = { label: "pw", value: "p@ss/w0rd+key=value&more", kind: "real" };
  const set = compileCanaries([special]);
  strictEqual(findKnownSecret(set, `q=${encodeURIComponent(special.value)}`)?.encoding, "percent");
});

Deno.test("findKnownSecret() finds a secret reversed", () => {
  strictEqual(findKnownSecret(SET, [...REAL.value].reverse().join(""))?.encoding, "reversed");
});

Deno.test("findKnownSecret() finds a secret in base32 at every alignment", () => {
  for (let pad = 0; pad < 5; pad++) {
    const core = stableCore(enc.encode(REAL.value), pad, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 5);
    strictEqual(findKnownSecret(SET, `x${core}y`)?.encoding, "base32", `pad ${pad}`);
  }
});

Deno.test("findKnownSecretIgnoringCase() finds a secret in a lower-cased host name (hex, base32, raw)", () => {
  const hex = [...enc.encode(PHANTOM.value)].map((b) => b.toString(16).padStart(2, "0")).join("");
  const core = stableCore(enc.encode(PHANTOM.value), 0, "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567", 5);
  for (
    const host of [
      `${hex.slice(0, 60)}${hex.slice(60)}.evil.test`,
      `${core.toLowerCase()}.evil.test`,
      `${PHANTOM.value.toLowerCase()}.evil.test`,
    ]
  ) {
    strictEqual(findKnownSecretIgnoringCase(SET, host)?.kind, "phantom", host);
  }
});

Deno.test("findKnownSecret() returns the earliest of several secrets", () => {
  const hit = findKnownSecret(SET, `a ${PHANTOM.value} b ${REAL.value}`);
  strictEqual(hit?.label, "phantom");
  strictEqual(hit?.offset, 2);
  strictEqual(findKnownSecret(SET, `a ${REAL.value} b ${PHANTOM.value}`)?.label, REAL.label);
});

Deno.test("findKnownSecret() finds nothing in text without the secrets, or with a near miss", () => {
  strictEqual(findKnownSecret(SET, randomText(100_000)), undefined);
  strictEqual(findKnownSecret(SET, REAL.value.slice(0, -1) + "B"), undefined);
  strictEqual(findKnownSecret(compileCanaries([]), REAL.value), undefined);
});

Deno.test("findKnownSecret() hits never carry the value", () => {
  const hit = findKnownSecret(SET, REAL.value)!;
  deepStrictEqual(Object.keys(hit).sort(), ["encoding", "kind", "label", "offset"]);
  ok(!JSON.stringify(hit).includes(REAL.value.slice(13)));
});

Deno.test("compileCanaries() skips secrets shorter than MIN_CANARY_BYTES and lists their labels", () => {
  const set = compileCanaries([{
    label: "short",
    value: "x".repeat(MIN_CANARY_BYTES - 1),
    kind: "real",
  }, REAL]);
  deepStrictEqual(set.skipped, ["short"]);
  strictEqual(findKnownSecret(set, "x".repeat(100)), undefined);
  strictEqual(findKnownSecret(set, REAL.value)?.label, REAL.label);
});

Deno.test("findKnownSecret() finds a secret of exactly MIN_CANARY_BYTES in every spelling", () => {
  const secret: KnownSecret = { label: "eight", value: "Zq8#Lm2!", kind: "real" };
  const set = compileCanaries([secret]);
  for (const variant of canaryVariants(secret.value)) {
    if (variant.text.length < 8) continue;
    strictEqual(findKnownSecret(set, `..${variant.text}..`)?.label, "eight", variant.encoding);
  }
});

Deno.test("findKnownSecret() with 1000 secrets costs about what it costs with 2 (no blow-up)", () => {
  const many: KnownSecret[] = Array.from({ length: 1000 }, (_, i) => ({
    label: `s${i}`,
    value: `secret-${i}-` + randomText(32, "abcdefghijklmnopqrstuvwxyz0123456789"),
    kind: "real" as const,
  }));
  const big = compileCanaries(many);
  const text = randomText(1_000_000);
  const time = (set: typeof big) => {
    let best = Infinity;
    for (let r = 0; r < 5; r++) {
      const t0 = performance.now();
      findKnownSecret(set, text);
      best = Math.min(best, performance.now() - t0);
    }
    return best;
  };
  const small = time(SET);
  const large = time(big);
  ok(large < small * 8 + 20, `1000 secrets: ${large.toFixed(1)} ms vs 2: ${small.toFixed(1)} ms`);
  strictEqual(findKnownSecret(big, `x ${many[777]!.value} y`)?.label, "s777");
});

/** `text` cut into lines of `width` characters joined by `eol` (MIME, PEM). */
function wrap(text: string, width: number, eol: string): string {
  const lines: string[] = [];
  for (let at = 0; at < text.length; at += width) lines.push(text.slice(at, at + width));
  return lines.join(eol);
}

for (
  const [name, width, eol] of [["MIME CRLF", 76, "\r\n"], ["MIME LF", 76, "\n"], [
    "PEM",
    64,
    "\n",
  ]] as const
) {
  Deno.test(`findKnownSecret() finds a secret in line-wrapped base64 (${name}) at every column and alignment`, () => {
    for (let before = 0; before < width + 3; before++) {
      const data = new Uint8Array([
        ...enc.encode(randomText(before)),
        ...enc.encode(REAL.value),
        ...enc.encode(randomText(50)),
      ]);
      const body = `-----BEGIN DATA-----\n${wrap(b64(data), width, eol)}\n-----END DATA-----\n`;
      const bytes = enc.encode(body);
      const hit = findKnownSecret(SET, bytes);
      strictEqual(hit?.label, REAL.label, `${before} bytes before`);
      ok(hit!.encoding.startsWith("base64"), hit!.encoding);
    }
  });
}

Deno.test("findKnownSecret() does not take line breaks inside other base64 for a secret", () => {
  const other = enc.encode(randomText(300));
  strictEqual(findKnownSecret(SET, wrap(b64(other), 76, "\r\n")), undefined);
});

for (const littleEndian of [true, false]) {
  Deno.test(`findKnownSecret() finds a secret in UTF-16${littleEndian ? "LE" : "BE"} bytes at either byte parity`, () => {
    const text = `{"note": "${randomText(20)} ${REAL.value} ${randomText(20)}"}`;
    const units = new Uint8Array(text.length * 2);
    const view = new DataView(units.buffer);
    for (let i = 0; i < text.length; i++) view.setUint16(i * 2, text.charCodeAt(i), littleEndian);
    for (const prefix of [[], [0xff], [0xfe, 0xff, 0x00]]) {
      const bytes = new Uint8Array([...prefix, ...units]);
      const hit = findKnownSecret(SET, bytes);
      strictEqual(hit?.label, REAL.label);
      // Inside UTF-16 text the two byte orders overlap by one byte: either name is right.
      ok(hit!.encoding.startsWith("utf16"), hit!.encoding);
    }
  });
}
