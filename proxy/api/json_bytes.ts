/** The JSON punctuation the byte-level filters of the API guard look for. */
export const JSON_BYTE = {
  quote: 0x22,
  backslash: 0x5c,
  openBrace: 0x7b,
  closeBrace: 0x7d,
  openBracket: 0x5b,
  closeBracket: 0x5d,
  colon: 0x3a,
  comma: 0x2c,
} as const;
