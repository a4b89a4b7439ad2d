/**
 * Plain-words explanations for the manifest schema's `pattern`s, used in
 * messages instead of the regular expression. A test checks that every
 * pattern in the schema has one.
 */
export const PATTERN_HINTS: Readonly<Record<string, string>> = {
  "^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$":
    'use 1 to 63 letters, digits, "_", "." or "-", starting with a letter or digit',
  "^[A-Za-z_][A-Za-z0-9_]*$": 'use letters, digits and "_", not starting with a digit',
  "^[a-z0-9][a-z0-9._/:@-]*$":
    'an image reference is lowercase letters, digits and ". _ / : @ -", such as "bottle-agent:latest"',
  "^[0-9]+(\\.[0-9]+)?[bkmgBKMG]?$":
    'use a number with an optional unit b, k, m or g, such as "4g"',
  "^[A-Za-z0-9][A-Za-z0-9._-]*$":
    'use letters, digits, ".", "_" and "-", such as "runc" or "runsc"',
  "^[A-Za-z0-9_-]+$": 'an MCP server name is letters, digits, "_" and "-", such as "github"',
};
