/**
 * Rewrites the string values (and, if asked, member names) of a JSON body as
 * decoded strings: each is decoded, handed to a visitor, and written back
 * with `JSON.stringify` only when the visitor changed it. For rewrites that
 * work on meaning rather than bytes, such as redacting detected secrets.
 */
import { decodeJsonString } from "./decode_json_string.ts";
import { rewriteJsonStrings, type RewrittenJson } from "./rewrite_json_strings.ts";

/** Gives the new value of a decoded string; returning `value` itself leaves the token as it was. */
export type StringVisitor = (value: string, key: boolean) => string;

const ENCODER = new TextEncoder();

/** Rewrites every string value of `body` (member names too with `keys`) through `visit`. */
export function mapJsonStrings(
  body: Uint8Array,
  visit: StringVisitor,
  options: { readonly keys?: boolean } = {},
): RewrittenJson {
  return rewriteJsonStrings(body, (open, close, key) => {
    if (key && options.keys !== true) return undefined;
    const decoded = decodeJsonString(body.subarray(open, close + 1));
    if (decoded === undefined) {
      return { refuse: "a string in the request body is not a valid JSON string" };
    }
    const next = visit(decoded.value, key);
    if (next === decoded.value && decoded.invalidUtf8 === 0) return undefined;
    return ENCODER.encode(JSON.stringify(next));
  });
}
