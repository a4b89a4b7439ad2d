/**
 * Invisible-Unicode sanitising for the model channel: what reaches the model
 * through the API proxy loses the code points that hide text from the person
 * reviewing it (tag characters, bidi controls, zero-width and other
 * default-ignorable code points, stray variation selectors), while what real
 * text needs stays (emoji sequences, joiners in Persian and Indic scripts,
 * marks next to right-to-left text). Pure computation: bytes and strings in,
 * bytes, strings and counts out.
 */

export type { UnicodeCategory, UnicodeCounts } from "./invisible_code_points.ts";
export { classifyCodePoint } from "./invisible_code_points.ts";
export { sanitizeText } from "./sanitize_text.ts";
export { type SanitizedBody, sanitizeJsonBody } from "./sanitize_json_body.ts";
export { type JsonByteScan, scanJsonBytes } from "./scan_json_bytes.ts";
export { mapJsonStrings, type StringVisitor } from "./map_json_strings.ts";
export { type DecodedJsonString, decodeJsonString } from "./decode_json_string.ts";
export { concatBytes } from "./rewrite_json_strings.ts";
