/**
 * Decodes one JSON string token from its bytes: UTF-8 first (a sequence that
 * is not UTF-8 becomes U+FFFD, and is counted), then the JSON escapes, with
 * `JSON.parse` itself, so the value is exactly what the API will read.
 */

/** The decoded value and how many bad UTF-8 sequences it replaced; undefined when not valid JSON. */
export interface DecodedJsonString {
  readonly value: string;
  readonly invalidUtf8: number;
}

const FATAL = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });
const LOSSY = new TextDecoder("utf-8", { ignoreBOM: true });

/** How many U+FFFD the lossy decoder added (those already in the bytes do not count). */
function countReplacements(raw: Uint8Array, decoded: string): number {
  let inText = 0;
  for (let at = decoded.indexOf("\uFFFD"); at !== -1; at = decoded.indexOf("\uFFFD", at + 1)) {
    inText++;
  }
  let inBytes = 0;
  for (let i = 0; i + 2 < raw.length; i++) {
    if (raw[i] === 0xef && raw[i + 1] === 0xbf && raw[i + 2] === 0xbd) inBytes++;
  }
  return inText - inBytes;
}

/** Decodes the token `raw` (quotes included); undefined when it is not a valid JSON string. */
export function decodeJsonString(raw: Uint8Array): DecodedJsonString | undefined {
  let token: string;
  let invalidUtf8 = 0;
  try {
    token = FATAL.decode(raw);
  } catch {
    token = LOSSY.decode(raw);
    invalidUtf8 = countReplacements(raw, token);
  }
  try {
    const value: unknown = JSON.parse(token);
    return typeof value === "string" ? { value, invalidUtf8 } : undefined;
  } catch {
    return undefined;
  }
}
