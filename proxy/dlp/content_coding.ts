/**
 * What a request's Content-Encoding says and whether bottle can undo it, and
 * the decoder itself, loaded only when a compressed body first arrives: the
 * decoder is `node:zlib` (see `decode_content.ts`), several megabytes of a
 * supervisor's memory that most bottles never need.
 */
import type { ContentDecoder } from "./decode_content.ts";

export type { ContentDecoder, DecodedContent } from "./decode_content.ts";

/** The codings a Content-Encoding field lists, lower-cased, `identity` dropped. */
export function contentCodings(values: readonly string[]): string[] {
  return values.flatMap((v) => v.split(",")).map((c) => c.trim().toLowerCase())
    .filter((c) => c !== "" && c !== "identity");
}

/** Whether bottle can decode every one of `codings`. */
export function decodable(codings: readonly string[]): boolean {
  return codings.every((c) => ["gzip", "x-gzip", "deflate", "br"].includes(c));
}

let loaded: Promise<ContentDecoder> | undefined;

/** The decoder, loading it on the first call; every call resolves with the same one. */
export function loadContentDecoder(): Promise<ContentDecoder> {
  loaded ??= import("./decode_content.ts").then((m) => m.decodeContent);
  return loaded;
}
