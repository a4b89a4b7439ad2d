import { deepStrictEqual } from "node:assert/strict";
import { decodeAnsiC, decodeDoubleQuoted, decodeUnquoted } from "./decode_quotes.ts";

Deno.test("decodeUnquoted() drops every escaping backslash and backslash-newlines", () => {
  deepStrictEqual(decodeUnquoted("c\\at"), "cat");
  deepStrictEqual(decodeUnquoted("a\\\nb"), "ab");
  deepStrictEqual(decodeUnquoted("a\\\\b"), "a\\b");
  deepStrictEqual(decodeUnquoted("end\\"), "end\\");
});

Deno.test('decodeDoubleQuoted() unescapes only $ ` " \\ and newline, as bash does', () => {
  deepStrictEqual(decodeDoubleQuoted('\\$HOME \\` \\" \\\\ \\a'), '$HOME ` " \\ \\a');
  deepStrictEqual(decodeDoubleQuoted("a\\\nb"), "ab");
});

Deno.test("decodeAnsiC() handles C, octal, hex, unicode and control escapes", () => {
  deepStrictEqual(decodeAnsiC("\\143\\141\\164"), "cat");
  deepStrictEqual(decodeAnsiC("\\x63\\x61\\x74"), "cat");
  deepStrictEqual(decodeAnsiC("\\u0063\\U00000061t"), "cat");
  deepStrictEqual(decodeAnsiC("a\\tb\\n\\'\\\\"), "a\tb\n'\\");
  deepStrictEqual(decodeAnsiC("\\cA"), "\x01");
  deepStrictEqual(decodeAnsiC("\\q"), "\\q");
});

Deno.test("decodeAnsiC() ends the string at a NUL, as bash does", () => {
  deepStrictEqual(decodeAnsiC("cat\\0.env"), "cat");
  deepStrictEqual(decodeAnsiC("ab\\x00cd"), "ab");
});
