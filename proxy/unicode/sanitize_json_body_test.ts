import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { sanitizeJsonBody } from "./sanitize_json_body.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

function bytes(...parts: Array<string | number[]>): Uint8Array {
  const out: number[] = [];
  for (const part of parts) out.push(...(typeof part === "string" ? encoder.encode(part) : part));
  return Uint8Array.from(out);
}

function sanitized(body: Uint8Array) {
  const result = sanitizeJsonBody(body);
  ok(result.kind === "sanitized", result.kind === "sanitized" ? "" : result.reason);
  return { ...result, text: decoder.decode(result.bytes) };
}

Deno.test("sanitizeJsonBody() returns the very same bytes when there is nothing to remove", () => {
  const bodies = [
    '{"model":"m","messages":[{"role":"user","content":"plain text"}],"stream":true}',
    '{ "a" : [ 1.50, -0e+3, true, false, null ] , "b":"naïve “quotes” — 日本語" }',
    '{"emoji":"👨‍👩‍👧 ❤️ 1️⃣ 🏳️‍🌈","fa":"می‌خواهم","he":"שלום\u200e world"}',
    '{"escaped":"\\u00e9\\n\\t\\"\\\\\\/\\u001b[0m","pair":"\\ud83d\\ude00","bom":"\\ufeffhead"}',
    '{"literal":"\\\\u200b is six characters here"}',
  ];
  for (const text of bodies) {
    const body = encoder.encode(text);
    const result = sanitized(body);
    strictEqual(result.bytes, body, text);
    strictEqual(result.changed, false, text);
    deepStrictEqual(result.counts, {}, text);
  }
});

Deno.test("sanitizeJsonBody() strips inside every string, member names included, and nowhere else", () => {
  const body = bytes(
    '{"system":"be\u200b nice","tools":[{"name":"run\u202e","input_schema":{"properties":',
    '{"pa\u200bth":{"type":"string"}}}}],"messages":[{"role":"user","content":[{"type":',
    '"tool_result","content":"ok\u{E0049}\u{E0067}"}]}],"n": 1.50 ,"x":"\\u00e9"}',
  );
  const result = sanitized(body);
  strictEqual(
    result.text,
    '{"system":"be nice","tools":[{"name":"run","input_schema":{"properties":' +
      '{"path":{"type":"string"}}}}],"messages":[{"role":"user","content":[{"type":' +
      '"tool_result","content":"ok"}]}],"n": 1.50 ,"x":"\\u00e9"}',
  );
  deepStrictEqual(result.counts, { zero_width: 2, bidi_control: 1, tag: 2 });
});

Deno.test("sanitizeJsonBody() decodes JSON escapes before deciding", () => {
  const cases: ReadonlyArray<readonly [string, string]> = [
    ['{"a":"x\\u200by"}', "xy"],
    ['{"a":"x\\u200By"}', "xy"],
    ['{"a":"run\\udb40\\udc41\\uDB40\\uDC42"}', "run"],
    ['{"a":"\\ud83d\\udc68\\u200d\\ud83d\\udc69"}', "👨\u200d👩"],
    ['{"a":"\\u05e9\\u05dc\\u05d5\\u05dd\\u200f"}', "שלום\u200f"],
    ['{"a":"x\\n\\u200e"}', "x\n"],
    ['{"a":"\\\\u200b"}', "\\u200b"],
    ['{"a":"\\\\\\u200b"}', "\\"],
    ['{"a":"\\u2764\\ufe0f\\ufe0f"}', "❤\ufe0f"],
  ];
  for (const [text, value] of cases) {
    const result = sanitized(encoder.encode(text));
    strictEqual(JSON.parse(result.text).a, value, text);
  }
});

Deno.test("sanitizeJsonBody() replaces lone surrogate escapes with U+FFFD", () => {
  const result = sanitized(encoder.encode('{"a":"x\\ud800y\\udc00","b":"\\udbff"}'));
  deepStrictEqual(JSON.parse(result.text), { a: "x\ufffdy\ufffd", b: "\ufffd" });
  deepStrictEqual(result.counts, { lone_surrogate: 3 });
});

Deno.test("sanitizeJsonBody() replaces byte sequences that are not UTF-8 and passes none on", () => {
  const cases: ReadonlyArray<readonly [string, number[], number]> = [
    ["a stray continuation byte", [0x80], 1],
    ["an invalid byte", [0xff], 1],
    ["an overlong slash", [0xc0, 0xaf], 2],
    ["an encoded surrogate", [0xed, 0xa0, 0x80], 3],
    ["beyond U+10FFFF", [0xf4, 0x90, 0x80, 0x80], 4],
    ["a sequence cut short", [0xe2, 0x80], 1],
  ];
  for (const [name, bad, replaced] of cases) {
    const result = sanitized(bytes('{"a":"x', bad, 'y\u200b","b":"ok"}'));
    deepStrictEqual(
      JSON.parse(result.text),
      { a: `x${"\ufffd".repeat(replaced)}y`, b: "ok" },
      name,
    );
    deepStrictEqual(result.counts, { zero_width: 1, invalid_utf8: replaced }, name);
    ok(new TextDecoder("utf-8", { fatal: true }).decode(result.bytes), name);
  }
});

Deno.test("sanitizeJsonBody() keeps a U+FFFD the body already held out of the invalid count", () => {
  const result = sanitized(bytes('{"a":"\ufffd', [0xff], '"}'));
  deepStrictEqual(JSON.parse(result.text), { a: "\ufffd\ufffd" });
  deepStrictEqual(result.counts, { invalid_utf8: 1 });
});

Deno.test("sanitizeJsonBody() refuses a body other parsers could read differently up to its last suspect", () => {
  const refused = [
    bytes('{"a":1 /* " */, "b":"x\u200b"}'),
    bytes("{'a':'x\u200b'}"),
    bytes('{"a":"x\u200b",\u200b"b":1}'),
    bytes('\ufeff{"a":"x\u200b"}'),
    bytes('{"a":"x\u200b\\q"}'),
    bytes('{"a":"x\u200b'),
    bytes('{"a":1', [0xff], "}"),
  ];
  for (const body of refused) {
    strictEqual(sanitizeJsonBody(body).kind, "error", decoder.decode(body));
  }
});

Deno.test("sanitizeJsonBody() notes escapes that spell printable ASCII", () => {
  const noted = (text: string) => {
    const result = sanitizeJsonBody(encoder.encode(text));
    ok(result.kind === "sanitized");
    return result.escapesAscii;
  };
  strictEqual(noted('{"a":"sk-\\u0061nt"}'), true);
  strictEqual(noted('{"a":"a\\/b"}'), true);
  strictEqual(noted('{"a":"\\u001b[0m \\n \\u00e9 \\\\u0061"}'), false);
});

Deno.test("sanitizeJsonBody() reads bodies at any offset of their buffer", () => {
  const text = '{"a":"' + "x".repeat(100) + '\u200b","b":"' + "y".repeat(100) + '"}';
  for (let offset = 0; offset < 8; offset++) {
    const buffer = new Uint8Array(offset + 400);
    const encoded = encoder.encode(text);
    buffer.set(encoded, offset);
    const result = sanitized(buffer.subarray(offset, offset + encoded.length));
    deepStrictEqual(
      JSON.parse(result.text),
      { a: "x".repeat(100), b: "y".repeat(100) },
      `${offset}`,
    );
  }
});
