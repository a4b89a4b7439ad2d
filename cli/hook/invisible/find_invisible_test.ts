import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { findInvisible, formatInvisible } from "./find_invisible.ts";
import { describeInvisible } from "./invisible_names.ts";

const hex = (text: string) => findInvisible(text).map((f) => f.codePoint.toString(16));

Deno.test("findInvisible() reports every code point class the issue names", () => {
  const required: Array<[number, string]> = [
    [0xe0000, "default-ignorable"],
    [0xe0041, "tag"],
    [0xe007f, "tag"],
    [0x202a, "bidi"],
    [0x202e, "bidi"],
    [0x2066, "bidi"],
    [0x2069, "bidi"],
    [0x200e, "bidi"],
    [0x200f, "bidi"],
    [0x061c, "bidi"],
    [0x200b, "zero-width"],
    [0x200c, "zero-width"],
    [0x200d, "zero-width"],
    [0x2060, "zero-width"],
    [0x2064, "default-ignorable"],
    [0xfeff, "zero-width"],
    [0x180e, "zero-width"],
    [0x115f, "default-ignorable"],
    [0x1160, "default-ignorable"],
    [0x3164, "default-ignorable"],
    [0xffa0, "default-ignorable"],
    [0x034f, "default-ignorable"],
    [0x17b4, "default-ignorable"],
    [0x17b5, "default-ignorable"],
    [0xe0100, "variation-selector"],
    [0xe01ef, "variation-selector"],
    [0xfe00, "variation-selector"],
    [0x00ad, "default-ignorable"],
  ];
  for (const [codePoint, category] of required) {
    const found = findInvisible(`a${String.fromCodePoint(codePoint)}b`);
    equal(found.length, 1, codePoint.toString(16));
    equal(found[0]!.category, category, codePoint.toString(16));
    equal(found[0]!.index, 1);
  }
});

Deno.test("findInvisible() names code points and their UTF-16 offsets", () => {
  const found = findInvisible("src/\u200Bx.ts");
  equal(formatInvisible(found[0]!), "U+200B ZERO WIDTH SPACE at 4");
  const tags = findInvisible("\u{1F600}\u{E0061}\u{E0031}");
  deepStrictEqual(tags.map(formatInvisible), [
    "U+E0061 TAG LATIN SMALL LETTER A at 2",
    "U+E0031 TAG DIGIT ONE at 4",
  ]);
});

Deno.test("findInvisible() finds nothing in ordinary paths, commands and foreign scripts", () => {
  for (
    const text of [
      "/workspace/src/x.ts",
      "git commit -m 'fix: tabs\tand\nnew lines'",
      "docs/Überblick.md",
      "日本語/ファイル.txt",
      'echo "done"\r\n',
      "",
    ]
  ) deepStrictEqual(findInvisible(text), [], text);
});

Deno.test("findInvisible() lets visible emoji sequences through but not lone selectors", () => {
  deepStrictEqual(hex("git commit -m '\u26A0\uFE0F fix'"), [], "warning sign with emoji selector");
  deepStrictEqual(hex("1\uFE0F\u20E3"), [], "keycap");
  deepStrictEqual(hex("\u{1F469}\u200D\u{1F4BB}"), [], "woman technologist");
  deepStrictEqual(hex("\u{1F469}\u{1F3FD}\u200D\u{1F4BB}"), [], "with a skin tone");
  deepStrictEqual(hex("\u2764\uFE0F\u200D\u{1F525}"), [], "heart on fire");
  deepStrictEqual(hex("a\uFE0Fb"), ["fe0f"], "selector after a letter");
  deepStrictEqual(hex("\u{1F600}\uFE0F\uFE0F"), ["fe0f"], "a second selector is smuggling");
  deepStrictEqual(hex("a\u200Db"), ["200d"], "joiner between letters");
  deepStrictEqual(hex("\u{1F600}\u200D"), ["200d"], "joiner at the end");
  deepStrictEqual(hex("\u{1F3F4}\u{E0067}\u{E0062}\u{E007F}"), ["e0067", "e0062", "e007f"]);
});

Deno.test("findInvisible() reports controls, lone carriage returns and line separators", () => {
  deepStrictEqual(hex("a\u001B[2Jb"), ["1b"]);
  deepStrictEqual(hex("ok\rhidden"), ["d"]);
  deepStrictEqual(hex("a\u0000b\u007F\u0085"), ["0", "7f", "85"]);
  deepStrictEqual(hex("a\u2028b\u2029"), ["2028", "2029"]);
  deepStrictEqual(hex("a\uFFF9b\uFFFBc"), ["fff9", "fffb"]);
});

Deno.test("findInvisible() and describeInvisible() agree on every code point", () => {
  const missed: string[] = [];
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (cp >= 0xd800 && cp <= 0xdfff) continue;
    const named = describeInvisible(cp) !== undefined;
    // Between two letters no emoji exception applies.
    const found = findInvisible(`a${String.fromCodePoint(cp)}b`).length === 1;
    if (named !== found) missed.push(cp.toString(16));
  }
  deepStrictEqual(missed, []);
});

Deno.test("findInvisible() gives every refused code point a real name", () => {
  for (const cp of [0x2065, 0xfff0, 0xe0000, 0xe0fff, 0x1d173, 0x1d17a, 0xe0020, 0xe007e]) {
    const found = findInvisible(String.fromCodePoint(cp))[0]!;
    ok(!found.name.includes("undefined") && found.name.length > 3, found.name);
  }
  equal(findInvisible("\u{E0020}")[0]!.name, "TAG SPACE");
  equal(findInvisible("\u{E007E}")[0]!.name, "TAG TILDE");
  equal(findInvisible("\uFE0F")[0]!.name, "VARIATION SELECTOR-16");
  equal(findInvisible("a\u{E0100}")[0]!.name, "VARIATION SELECTOR-17");
});
