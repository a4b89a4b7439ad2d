/**
 * The model channel's invisible-Unicode sanitiser for one JSON request body:
 * every string — message text, system prompt, tool results, tool definitions,
 * member names — loses the code points `invisibleCuts` removes, with JSON
 * escapes decoded first (`\u200b` is U+200B, `\udb40\udc41` is U+E0041), byte
 * sequences that are not UTF-8 replaced by U+FFFD, and lone surrogates too.
 *
 * A body with nothing to remove is returned as the very same bytes (found by
 * one scan, without decoding), and a changed body differs only inside the
 * strings that changed: prompt caching keeps working either way.
 *
 * A string is cut on its bytes, at the offsets the scan found, through
 * `jsonStringView` (which reads escapes as the code points they stand for),
 * so the rest of it is never decoded. Only a string with bad UTF-8 or an
 * invalid escape is decoded with `JSON.parse` (which refuses the latter),
 * sanitised as text, and written back with `JSON.stringify`.
 */
import { decodeJsonString } from "./decode_json_string.ts";
import type { UnicodeCounts } from "./invisible_code_points.ts";
import { invisibleCuts } from "./invisible_cuts.ts";
import { jsonStringView } from "./json_string_view.ts";
import { rewriteJsonStrings, type TokenRewrite } from "./rewrite_json_strings.ts";
import { sanitizeText } from "./sanitize_text.ts";
import { scanJsonBytes } from "./scan_json_bytes.ts";

/** The sanitised body, or why it could not be read as JSON. */
export type SanitizedBody =
  | {
    readonly kind: "sanitized";
    /** The input itself when nothing was removed. */
    readonly bytes: Uint8Array;
    readonly changed: boolean;
    /** What was removed or replaced, per category; empty when nothing was. */
    readonly counts: Readonly<UnicodeCounts>;
    /** Whether some escape spells printable ASCII (see `scanJsonBytes`). */
    readonly escapesAscii: boolean;
  }
  | { readonly kind: "error"; readonly reason: string };

const ENCODER = new TextEncoder();
const REPLACEMENT = ENCODER.encode("\uFFFD");

/** A forward-only cursor over ascending offsets. */
function cursor(offsets: readonly number[]) {
  let k = 0;
  return {
    /** The first offset at or after `from`, or -1. */
    next(from: number): number {
      while (k < offsets.length && offsets[k]! < from) k++;
      return k < offsets.length ? offsets[k]! : -1;
    },
  };
}

/** Sanitises the JSON text `body`; never throws. */
export function sanitizeJsonBody(body: Uint8Array): SanitizedBody {
  const { suspects, undecoded, escapesAscii } = scanJsonBytes(body);
  if (suspects.length === 0) {
    return { kind: "sanitized", bytes: body, changed: false, counts: {}, escapesAscii };
  }
  const counts: UnicodeCounts = {};
  const suspect = cursor(suspects);
  const needsDecoding = cursor(undecoded);
  const sanitizeToken = (open: number, close: number): TokenRewrite => {
    const decodeFrom = needsDecoding.next(open);
    if (decodeFrom === -1 || decodeFrom > close) {
      const view = jsonStringView(body, open + 1, close);
      const cuts = invisibleCuts(view, (from) => suspect.next(from), counts);
      if (cuts.length === 0) return undefined;
      const parts: Uint8Array[] = [];
      let from = open;
      for (const cut of cuts) {
        // Adjacent cuts (a run of tag characters, say) leave nothing between them to keep.
        if (cut.start > from) parts.push(body.subarray(from, cut.start));
        if (cut.replace) parts.push(REPLACEMENT);
        from = cut.end;
      }
      parts.push(body.subarray(from, close + 1));
      return parts;
    }
    const decoded = decodeJsonString(body.subarray(open, close + 1));
    if (decoded === undefined) {
      return { refuse: "a string in the request body is not a valid JSON string" };
    }
    const clean = sanitizeText(decoded.value, counts);
    if (decoded.invalidUtf8 > 0) {
      counts.invalid_utf8 = (counts.invalid_utf8 ?? 0) + decoded.invalidUtf8;
    }
    if (clean === decoded.value && decoded.invalidUtf8 === 0) return undefined;
    return ENCODER.encode(JSON.stringify(clean));
  };
  const rewritten = rewriteJsonStrings(body, sanitizeToken, {
    // Only strings holding a suspect are looked at.
    select: (open, close) => {
      const next = suspect.next(open);
      return next !== -1 && next < close;
    },
    until: suspects[suspects.length - 1]!,
  });
  if (rewritten.kind === "error") return rewritten;
  return {
    kind: "sanitized",
    bytes: rewritten.bytes,
    changed: rewritten.changed,
    counts,
    escapesAscii,
  };
}
