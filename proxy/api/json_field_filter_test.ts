import { deepStrictEqual, throws } from "node:assert/strict";
import fc from "fast-check";
import { JsonFieldFilter, JsonFilterError } from "./json_field_filter.ts";

const REMOVE = new Set(["mcp_servers"]);

function filter(
  text: string,
  chunkSize = text.length || 1,
): { out: string; removed: string[] } {
  const bytes = new TextEncoder().encode(text);
  const removed: string[] = [];
  const filter = new JsonFieldFilter(REMOVE, (n) => removed.push(n));
  const out: Uint8Array[] = [];
  for (let i = 0; i < bytes.length; i += chunkSize) {
    out.push(...filter.push(bytes.slice(i, i + chunkSize)));
  }
  filter.finish();
  return { out: new TextDecoder().decode(concat(out)), removed };
}

const BODY = {
  model: "m",
  mcp_servers: [{ type: "url", url: 'https://evil.example/sse?d=}{",' }],
  messages: [{ role: "user", content: 'say "hi" \\ {not: a, key}' }],
  stream: true,
};

Deno.test("JsonFieldFilter removes mcp_servers and keeps every other member intact", () => {
  const { out, removed } = filter(JSON.stringify(BODY));
  const { mcp_servers: _, ...rest } = BODY;
  deepStrictEqual(JSON.parse(out), rest);
  deepStrictEqual(removed, ["mcp_servers"]);
});

Deno.test("JsonFieldFilter gives the same result split at every byte", () => {
  const text = JSON.stringify(BODY);
  const whole = (filter(text)).out;
  for (let size = 1; size <= 7; size++) deepStrictEqual((filter(text, size)).out, whole);
});

Deno.test("JsonFieldFilter sees through escaped member names", () => {
  const { out, removed } = filter('{"mcp\\u005fservers": [1], "a": 1}');
  deepStrictEqual(JSON.parse(out), { a: 1 });
  deepStrictEqual(removed, ["mcp_servers"]);
});

Deno.test("JsonFieldFilter removes duplicated, first and last members and keeps commas right", () => {
  for (
    const [input, expected] of [
      ['{"mcp_servers":1,"a":2}', { a: 2 }],
      ['{"a":2,"mcp_servers":1}', { a: 2 }],
      ['{"mcp_servers":1,"mcp_servers":{"x":[]} ,"b":[1,{"c":"}"}]}', { b: [1, { c: "}" }] }],
      ['{"mcp_servers":1}', {}],
      ["{}", {}],
      [' \n{ "a" : { "mcp_servers": 1 } } \n', { a: { mcp_servers: 1 } }],
    ] as const
  ) {
    deepStrictEqual(JSON.parse((filter(input)).out), expected, input);
  }
});

Deno.test("JsonFieldFilter refuses bodies that are not exactly one JSON object", () => {
  for (
    const input of [
      "[1]",
      '\uFEFF{"a":1}',
      '{"a":1}{"mcp_servers":1}',
      '{"a":1',
      '{"a" 1}',
      "{a:1}",
      '{"a":1,}',
      '{"a":]}',
      "",
    ]
  ) {
    throws(() => filter(input), JsonFilterError, input);
  }
});

Deno.test("JsonFieldFilter removes exactly the named top-level members of any object, split anywhere", () => {
  const key = fc.oneof(
    fc.constantFrom("mcp_servers", "model", "messages", 'a"b', "c\\d", "\u00e9", ""),
    fc.string({ maxLength: 8 }),
  );
  const text = fc.string({ unit: fc.constantFrom("a", '"', "\\", "\n", "{", "}", ",", ":", "é") });
  const value = fc.letrec((tie) => ({
    any: fc.oneof(
      { depthSize: "small" },
      text,
      fc.integer(),
      fc.constantFrom(null, true, false),
      fc.array(tie("any"), { maxLength: 4 }),
      fc.dictionary(key, tie("any"), { maxKeys: 4 }),
    ),
  })).any;
  fc.assert(
    fc.property(
      fc.dictionary(key, value, { maxKeys: 6 }),
      fc.array(fc.nat(), { maxLength: 6 }),
      (object, cuts) => {
        const bytes = new TextEncoder().encode(JSON.stringify(object, null, cuts.length % 2));
        const removed: string[] = [];
        const filter = new JsonFieldFilter(REMOVE, (name) => removed.push(name));
        const bounds = [0, ...cuts.map((c) => c % (bytes.length + 1)).sort((a, b) => a - b)];
        const out: Uint8Array[] = [];
        for (let i = 0; i < bounds.length; i++) {
          out.push(...filter.push(bytes.subarray(bounds[i], bounds[i + 1] ?? bytes.length)));
        }
        filter.finish();
        const { mcp_servers: _, ...expected } = object as Record<string, unknown>;
        deepStrictEqual(
          JSON.parse(new TextDecoder().decode(concat(out))),
          JSON.parse(JSON.stringify(expected)),
        );
        deepStrictEqual(removed, "mcp_servers" in object ? ["mcp_servers"] : []);
      },
    ),
    { numRuns: 1000 },
  );
});

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
