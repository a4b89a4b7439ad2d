import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { ChunkedDecoder } from "./chunked_decoder.ts";
import { ChunkFramer } from "./chunk_framer.ts";

const bytes = (text: string): Uint8Array => Uint8Array.from(text, (c) => c.charCodeAt(0));
const text = (data: Uint8Array): string => String.fromCharCode(...data);

Deno.test("ChunkFramer.frame() writes one chunk of all parts with a lowercase hex size", () => {
  const framer = new ChunkFramer(4);
  strictEqual(
    text(framer.frame([bytes("hello"), bytes(", "), bytes("world")])),
    "c\r\nhello, world\r\n",
  );
  strictEqual(text(framer.frame([bytes("x")])), "1\r\nx\r\n");
  const big = new Uint8Array(0x12345).fill(0x61);
  const framed = framer.frame([big]);
  strictEqual(text(framed.subarray(0, 7)), "12345\r\n");
  strictEqual(framed.length, 7 + big.length + 2);
});

Deno.test("ChunkFramer.frame() gives empty bytes for empty data, never a last chunk", () => {
  const framer = new ChunkFramer();
  strictEqual(framer.frame([]).length, 0);
  strictEqual(framer.frame([new Uint8Array(0), new Uint8Array(0)]).length, 0);
});

Deno.test("ChunkFramer.frame() output decodes back to the data for every size", () => {
  const framer = new ChunkFramer(1);
  for (const size of [1, 15, 16, 255, 256, 4095, 4096, 65536, 1_000_001]) {
    const data = new Uint8Array(size).map((_, i) => i % 251);
    const decoder = new ChunkedDecoder();
    const pushed = decoder.push(framer.frame([data.subarray(0, 1), data.subarray(1)]));
    deepStrictEqual("data" in pushed && pushed.data.reduce((n, d) => n + d.length, 0), size);
  }
});

Deno.test("ChunkFramer.frame() puts a head before the chunk and the last chunk after it on request", () => {
  const framer = new ChunkFramer();
  const head = bytes("HTTP/1.1 200 OK\r\n\r\n");
  strictEqual(
    text(framer.frame([bytes("data")], { before: head, last: true })),
    "HTTP/1.1 200 OK\r\n\r\n4\r\ndata\r\n0\r\n\r\n",
  );
  strictEqual(text(framer.frame([], { before: head })), "HTTP/1.1 200 OK\r\n\r\n");
  strictEqual(text(framer.frame([], { last: true })), "0\r\n\r\n");
});
