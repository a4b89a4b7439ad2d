import { deepStrictEqual, rejects } from "node:assert/strict";
import { jsonFieldFilter, JsonFilterError } from "./json_field_filter.ts";

const REMOVE = new Set(["mcp_servers"]);

async function filter(
  text: string,
  chunkSize = text.length || 1,
): Promise<{ out: string; removed: string[] }> {
  const bytes = new TextEncoder().encode(text);
  const removed: string[] = [];
  const source = new ReadableStream<Uint8Array>({
    start(controller) {
      for (let i = 0; i < bytes.length; i += chunkSize) {
        controller.enqueue(bytes.slice(i, i + chunkSize));
      }
      controller.close();
    },
  });
  const out = await new Response(
    source.pipeThrough(jsonFieldFilter(REMOVE, (n) => removed.push(n))),
  )
    .text();
  return { out, removed };
}

const BODY = {
  model: "m",
  mcp_servers: [{ type: "url", url: 'https://evil.example/sse?d=}{",' }],
  messages: [{ role: "user", content: 'say "hi" \\ {not: a, key}' }],
  stream: true,
};

Deno.test("jsonFieldFilter() removes mcp_servers and keeps every other member intact", async () => {
  const { out, removed } = await filter(JSON.stringify(BODY));
  const { mcp_servers: _, ...rest } = BODY;
  deepStrictEqual(JSON.parse(out), rest);
  deepStrictEqual(removed, ["mcp_servers"]);
});

Deno.test("jsonFieldFilter() gives the same result split at every byte", async () => {
  const text = JSON.stringify(BODY);
  const whole = (await filter(text)).out;
  for (let size = 1; size <= 7; size++) deepStrictEqual((await filter(text, size)).out, whole);
});

Deno.test("jsonFieldFilter() sees through escaped member names", async () => {
  const { out, removed } = await filter('{"mcp\\u005fservers": [1], "a": 1}');
  deepStrictEqual(JSON.parse(out), { a: 1 });
  deepStrictEqual(removed, ["mcp_servers"]);
});

Deno.test("jsonFieldFilter() removes duplicated, first and last members and keeps commas right", async () => {
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
    deepStrictEqual(JSON.parse((await filter(input)).out), expected, input);
  }
});

Deno.test("jsonFieldFilter() refuses bodies that are not exactly one JSON object", async () => {
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
    await rejects(filter(input), JsonFilterError, input);
  }
});
