/**
 * Undoes a request body's Content-Encoding so it can be scanned: `gzip`
 * (`x-gzip`), `deflate` (zlib-wrapped, or raw as some clients send it) and
 * `br`, several in a row decoded last-applied first. Decoding stops at a
 * size cap inside the decoder (`maxOutputLength`), so a small compressed
 * body that would inflate to gigabytes costs no more than the cap.
 *
 * Uses `node:zlib`'s synchronous functions: Deno's `DecompressionStream` has
 * no brotli and no output cap, and the egress proxy holds a compressed body
 * whole before forwarding it anyway (its compressed bytes cannot be released
 * piece by piece against a scan of the decoded ones). Loaded on first use through
 * `loadContentDecoder()` (content_coding.ts): nothing else imports it.
 */
import { brotliDecompressSync, gunzipSync, inflateRawSync, inflateSync } from "node:zlib";

/** The decoded body, or why it could not be decoded. */
export type DecodedContent =
  | { readonly kind: "decoded"; readonly bytes: Uint8Array }
  | {
    readonly kind: "error";
    readonly why: "cap" | "unsupported" | "corrupt";
    readonly coding: string;
  };

/** Decodes `body` through `codings` (in the order they were applied), never past `cap` bytes. */
export function decodeContent(
  body: Uint8Array,
  codings: readonly string[],
  cap: number,
): DecodedContent {
  let bytes = body;
  for (const coding of [...codings].reverse()) {
    const options = { maxOutputLength: Math.max(1, cap) };
    try {
      if (coding === "gzip" || coding === "x-gzip") bytes = gunzipSync(bytes, options);
      else if (coding === "br") bytes = brotliDecompressSync(bytes, options);
      else if (coding === "deflate") bytes = inflateEither(bytes, options);
      else return { kind: "error", why: "unsupported", coding };
    } catch (error) {
      const tooBig = error instanceof RangeError || /larger than|too large/i.test(String(error));
      return { kind: "error", why: tooBig ? "cap" : "corrupt", coding };
    }
    if (bytes.length > cap) return { kind: "error", why: "cap", coding };
  }
  return {
    kind: "decoded",
    bytes: new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength),
  };
}

/** How a body is decoded: `decodeContent`'s shape, for callers that load it on first use. */
export type ContentDecoder = typeof decodeContent;

function inflateEither(bytes: Uint8Array, options: { maxOutputLength: number }): Uint8Array {
  try {
    return inflateSync(bytes, options);
  } catch (error) {
    // A zlib header error means raw deflate; a size error must not be retried.
    if (!/header/i.test(String(error))) throw error;
    return inflateRawSync(bytes, options);
  }
}
