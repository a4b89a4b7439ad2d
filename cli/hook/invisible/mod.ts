/**
 * The invisible-Unicode check: paths, commands and URLs holding code points a
 * reviewer cannot see (tags, bidi controls, zero-width and other
 * default-ignorable characters) are denied, naming each code point.
 */

export { findInvisible, formatInvisible, type InvisibleFound } from "./find_invisible.ts";
export { type InvisibleCategory } from "./invisible_names.ts";
export { judgeInvisible } from "./judge_invisible.ts";
export { judgeInvisibleInInput } from "./judge_invisible_input.ts";
