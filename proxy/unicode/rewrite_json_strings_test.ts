import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { rewriteJsonStrings } from "./rewrite_json_strings.ts";
import { mapJsonStrings } from "./map_json_strings.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/** The tokens the rewriter sees, as [text, key]. */
function tokens(text: string): Array<[string, boolean]> {
  const bytes = encoder.encode(text);
  const seen: Array<[string, boolean]> = [];
  const result = rewriteJsonStrings(bytes, (open, close, key) => {
    seen.push([decoder.decode(bytes.subarray(open, close + 1)), key]);
    return undefined;
  });
  ok(result.kind === "rewritten");
  strictEqual(result.bytes, bytes);
  return seen;
}

Deno.test("rewriteJsonStrings() sees each string once, member names as keys", () => {
  deepStrictEqual(tokens('{"a" : "b", "c":[ "d\\"e", {"\\\\":"f\\\\"}], "g":1}'), [
    ['"a"', true],
    ['"b"', false],
    ['"c"', true],
    ['"d\\"e"', false],
    ['"\\\\"', true],
    ['"f\\\\"', false],
    ['"g"', true],
  ]);
});

Deno.test("rewriteJsonStrings() replaces only what it is given and copies the rest byte for byte", () => {
  const text = '{ "keep" : "x",\n "swap":"y" , "n": 1.50e+2 }';
  const bytes = encoder.encode(text);
  const result = rewriteJsonStrings(bytes, (open, close) => {
    const token = decoder.decode(bytes.subarray(open, close + 1));
    return token === '"y"' ? encoder.encode('"z"') : undefined;
  });
  ok(result.kind === "rewritten");
  strictEqual(decoder.decode(result.bytes), text.replace('"y"', '"z"'));
  strictEqual(result.changed, true);
});

Deno.test("rewriteJsonStrings() refuses characters outside strings that JSON does not allow", () => {
  for (const text of ['{"a":1 /* x */}', "{'a':1}", '{"a":1\u00a0}', '{"a":"b', '{"a":\\u0031}']) {
    strictEqual(rewriteJsonStrings(encoder.encode(text), () => undefined).kind, "error", text);
  }
});

Deno.test("mapJsonStrings() rewrites decoded values and leaves member names unless asked", () => {
  const body = encoder.encode('{"k\\u0065y":"v\\u0061lue","list":["one","two"]}');
  const upper = mapJsonStrings(body, (value) => value.toUpperCase());
  ok(upper.kind === "rewritten");
  deepStrictEqual(JSON.parse(decoder.decode(upper.bytes)), { key: "VALUE", list: ["ONE", "TWO"] });
  const keys = mapJsonStrings(body, (value, key) => key ? value.toUpperCase() : value, {
    keys: true,
  });
  ok(keys.kind === "rewritten");
  deepStrictEqual(JSON.parse(decoder.decode(keys.bytes)), { KEY: "value", LIST: ["one", "two"] });
  const same = mapJsonStrings(body, (value) => value);
  ok(same.kind === "rewritten");
  strictEqual(same.bytes, body);
});
