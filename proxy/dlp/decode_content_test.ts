/** Content-Encoding decoding for the scan: every supported coding, chains, the cap, refusals. */
import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { brotliCompressSync, deflateRawSync, deflateSync, gzipSync } from "node:zlib";
import { contentCodings, decodable } from "./content_coding.ts";
import { decodeContent } from "./decode_content.ts";

const text = new TextEncoder().encode("hello decoded world ".repeat(100));
const same = (result: ReturnType<typeof decodeContent>) =>
  result.kind === "decoded" ? new TextDecoder().decode(result.bytes) : result.why;

Deno.test("decodeContent() decodes gzip, x-gzip, deflate (zlib and raw) and br", () => {
  const expected = new TextDecoder().decode(text);
  strictEqual(same(decodeContent(gzipSync(text), ["gzip"], 1e6)), expected);
  strictEqual(same(decodeContent(gzipSync(text), ["x-gzip"], 1e6)), expected);
  strictEqual(same(decodeContent(deflateSync(text), ["deflate"], 1e6)), expected);
  strictEqual(same(decodeContent(deflateRawSync(text), ["deflate"], 1e6)), expected);
  strictEqual(same(decodeContent(brotliCompressSync(text), ["br"], 1e6)), expected);
});

Deno.test("decodeContent() undoes a chain of codings last-applied first", () => {
  const twice = brotliCompressSync(gzipSync(text));
  strictEqual(same(decodeContent(twice, ["gzip", "br"], 1e6)), new TextDecoder().decode(text));
});

Deno.test("decodeContent() stops at the cap inside the decoder (a bomb costs the cap, not its size)", () => {
  const bomb = gzipSync(new Uint8Array(64 * 1024 * 1024));
  const t0 = performance.now();
  deepStrictEqual(decodeContent(bomb, ["gzip"], 1024 * 1024), {
    kind: "error",
    why: "cap",
    coding: "gzip",
  });
  strictEqual(performance.now() - t0 < 2_000, true);
  deepStrictEqual(
    decodeContent(brotliCompressSync(new Uint8Array(8 * 1024 * 1024)), ["br"], 1024),
    {
      kind: "error",
      why: "cap",
      coding: "br",
    },
  );
});

Deno.test("decodeContent() refuses an unknown coding and a corrupt body", () => {
  deepStrictEqual(decodeContent(text, ["zstd"], 1e6), {
    kind: "error",
    why: "unsupported",
    coding: "zstd",
  });
  deepStrictEqual(decodeContent(gzipSync(text).subarray(0, 20), ["gzip"], 1e6), {
    kind: "error",
    why: "corrupt",
    coding: "gzip",
  });
});

Deno.test("contentCodings() splits, lower-cases and drops identity; decodable() knows the three", () => {
  deepStrictEqual(contentCodings(["GZIP, identity", " br"]), ["gzip", "br"]);
  strictEqual(decodable(["gzip", "deflate", "br", "x-gzip"]), true);
  strictEqual(decodable(["gzip", "compress"]), false);
});
