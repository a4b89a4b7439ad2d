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
 * piece by piece against a scan of the decoded ones).
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

/** The codings a Content-Encoding field lists, lower-cased, `identity` dropped. */
export function contentCodings(values: readonly string[]): string[] {
  return values.flatMap((v) => v.split(",")).map((c) => c.trim().toLowerCase())
    .filter((c) => c !== "" && c !== "identity");
}

/** Whether bottle can decode every one of `codings`. */
export function decodable(codings: readonly string[]): boolean {
  return codings.every((c) => ["gzip", "x-gzip", "deflate", "br"].includes(c));
}

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

function inflateEither(bytes: Uint8Array, options: { maxOutputLength: number }): Uint8Array {
  try {
    return inflateSync(bytes, options);
  } catch (error) {
    // A zlib header error means raw deflate; a size error must not be retried.
    if (!/header/i.test(String(error))) throw error;
    return inflateRawSync(bytes, options);
  }
}
