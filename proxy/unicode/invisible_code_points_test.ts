import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { classifyCodePoint, isWatched, type UnicodeCategory } from "./invisible_code_points.ts";

/** Each class the issue lists, as inclusive ranges, with the category it is audited under. */
const CLASSES: ReadonlyArray<readonly [UnicodeCategory, "strip" | "context", number, number]> = [
  ["tag", "context", 0xe0000, 0xe007f],
  ["bidi_control", "strip", 0x202a, 0x202e],
  ["bidi_control", "strip", 0x2066, 0x2069],
  ["bidi_control", "strip", 0x061c, 0x061c],
  ["zero_width", "strip", 0x200b, 0x200b],
  ["zero_width", "strip", 0x2060, 0x2064],
  ["zero_width", "context", 0xfeff, 0xfeff],
  ["zero_width", "strip", 0x180e, 0x180e],
  ["zero_width", "strip", 0x115f, 0x1160],
  ["zero_width", "strip", 0x3164, 0x3164],
  ["zero_width", "strip", 0xffa0, 0xffa0],
  ["zero_width", "strip", 0x034f, 0x034f],
  ["zero_width", "strip", 0x17b4, 0x17b5],
  ["variation_selector", "strip", 0xe0100, 0xe01ef],
  ["variation_selector", "context", 0xfe00, 0xfe0f],
  ["joiner", "context", 0x200c, 0x200d],
  ["bidi_mark", "context", 0x200e, 0x200f],
  ["other_ignorable", "strip", 0x2065, 0x2065],
  ["other_ignorable", "strip", 0x206a, 0x206f],
  ["other_ignorable", "strip", 0xfff0, 0xfff8],
  ["other_ignorable", "strip", 0x1bca0, 0x1bca3],
  ["other_ignorable", "strip", 0x1d173, 0x1d17a],
  ["other_ignorable", "strip", 0xe0080, 0xe00ff],
  ["other_ignorable", "strip", 0xe01f0, 0xe0fff],
];

Deno.test("classifyCodePoint() puts every code point of each listed class in its category", () => {
  for (const [category, kind, first, last] of CLASSES) {
    for (let cp = first; cp <= last; cp++) {
      deepStrictEqual(classifyCodePoint(cp), { kind, category }, cp.toString(16));
    }
  }
});

Deno.test("classifyCodePoint() watches nothing outside the listed classes", () => {
  const listed = (cp: number) => CLASSES.some(([, , first, last]) => cp >= first && cp <= last);
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (!listed(cp) && classifyCodePoint(cp) !== undefined) {
      throw new Error(`U+${cp.toString(16)} is watched but in no listed class`);
    }
  }
});

Deno.test("classifyCodePoint() leaves alone the invisible-looking code points real text uses", () => {
  const kept = [
    0x00ad, // soft hyphen: hyphenation hints in real documents
    0x180b, // Mongolian free variation selectors, part of Mongolian spelling
    0x180f,
    0x2028, // line and paragraph separators: visible breaks
    0x2029,
    0x00a0, // no-break space
    0x200a, // hair space: visible spacing
    0x20e3, // combining enclosing keycap (1️⃣)
    0x1f3fb, // skin-tone modifier
    0xfffd, // the replacement character itself
  ];
  for (const cp of kept) strictEqual(classifyCodePoint(cp), undefined, cp.toString(16));
});

Deno.test("isWatched() agrees with classifyCodePoint() on every code point", () => {
  for (let cp = 0; cp <= 0x10ffff; cp++) {
    if (isWatched(cp) !== (classifyCodePoint(cp) !== undefined)) {
      throw new Error(`isWatched and classifyCodePoint disagree on U+${cp.toString(16)}`);
    }
  }
});
