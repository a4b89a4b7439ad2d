import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { scanJsonBytes } from "./scan_json_bytes.ts";

const encoder = new TextEncoder();

/** `text` at byte offset `offset` of a larger buffer, as a body arrives in a read buffer. */
function at(offset: number, text: string | Uint8Array): Uint8Array {
  const bytes = typeof text === "string" ? encoder.encode(text) : text;
  const buffer = new Uint8Array(offset + bytes.length + 7);
  buffer.set(bytes, offset);
  return buffer.subarray(offset, offset + bytes.length);
}

Deno.test("scanJsonBytes() finds every watched code point, raw or escaped, at any alignment", () => {
  const pad = "x".repeat(37);
  const text =
    `{"a":"${pad}\u200b${pad}\\u202e${pad}\u{E0041}${pad}\\udb40\\udc41${pad}\\\\u200b"}`;
  const bytes = encoder.encode(text);
  const expected = [
    bytes.indexOf(0xe2),
    text.indexOf("\\u202e") + 2,
    bytes.indexOf(0xf3),
  ];
  const pairAt = encoder.encode(text.slice(0, text.indexOf("\\udb40"))).length;
  expected.push(pairAt, pairAt + 6);
  for (let offset = 0; offset < 8; offset++) {
    const scan = scanJsonBytes(at(offset, bytes));
    deepStrictEqual(scan.suspects, expected, `offset ${offset}`);
    deepStrictEqual(scan.undecoded, [], `offset ${offset}`);
  }
});

Deno.test("scanJsonBytes() finds nothing in ordinary text, non-ASCII included", () => {
  for (let offset = 0; offset < 4; offset++) {
    const scan = scanJsonBytes(
      at(offset, '{"a":"naïve “quotes” — 日本語 😀 \\n \\u00e9 \\u001b","n":1}'),
    );
    deepStrictEqual(scan.suspects, []);
    strictEqual(scan.escapesAscii, false);
  }
});

Deno.test("scanJsonBytes() marks bad UTF-8 and bad escapes as needing a decode", () => {
  const bad = Uint8Array.from([
    ...encoder.encode('{"a":"x'),
    0xc0,
    0xaf,
    ...encoder.encode('\\q\\u12g4"}'),
  ]);
  const scan = scanJsonBytes(at(1, bad));
  deepStrictEqual(scan.suspects, [7, 8]);
  deepStrictEqual(scan.undecoded, [7, 8, 9, 11]);
});

Deno.test("scanJsonBytes() notes escapes that spell printable ASCII", () => {
  strictEqual(scanJsonBytes(encoder.encode('{"a":"sk-\\u0061nt"}')).escapesAscii, true);
  strictEqual(scanJsonBytes(encoder.encode('{"a":"x\\/y"}')).escapesAscii, true);
  strictEqual(scanJsonBytes(encoder.encode('{"a":"\\\\u0061"}')).escapesAscii, false);
});
