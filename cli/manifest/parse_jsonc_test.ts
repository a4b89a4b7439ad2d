import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { LineIndex } from "./diagnostic.ts";
import { firstInvalidUtf8, parseJsonc, parseJsoncText } from "./parse_jsonc.ts";

const bytes = (...b: number[]) => new Uint8Array(b);
const utf8 = (text: string) => new TextEncoder().encode(text);

Deno.test("firstInvalidUtf8() accepts valid UTF-8 of every length", () => {
  const cases: readonly [string, Uint8Array][] = [
    ["empty", bytes()],
    ["ASCII", utf8('{ "bottles": {} }')],
    ["NUL and DEL", bytes(0x00, 0x7f)],
    ["2-byte é", utf8("é")],
    ["2-byte lowest U+0080", bytes(0xc2, 0x80)],
    ["2-byte highest U+07FF", bytes(0xdf, 0xbf)],
    ["3-byte lowest U+0800", bytes(0xe0, 0xa0, 0x80)],
    ["3-byte €", utf8("€")],
    ["3-byte just below surrogates U+D7FF", bytes(0xed, 0x9f, 0xbf)],
    ["3-byte just above surrogates U+E000", bytes(0xee, 0x80, 0x80)],
    ["3-byte highest U+FFFF", bytes(0xef, 0xbf, 0xbf)],
    ["BOM", bytes(0xef, 0xbb, 0xbf)],
    ["4-byte lowest U+10000", bytes(0xf0, 0x90, 0x80, 0x80)],
    ["4-byte emoji 😀", utf8("😀")],
    ["4-byte emoji bytes", bytes(0xf0, 0x9f, 0x98, 0x80)],
    ["4-byte highest U+10FFFF", bytes(0xf4, 0x8f, 0xbf, 0xbf)],
    ["mixed", utf8('{"prompt":"héllo € 😀 日本"}')],
  ];
  for (const [what, input] of cases) strictEqual(firstInvalidUtf8(input), -1, what);
});

Deno.test("firstInvalidUtf8() points at the first byte of an invalid sequence", () => {
  const cases: readonly [string, Uint8Array, number][] = [
    // Overlong encodings.
    ["overlong NUL C0 80", bytes(0xc0, 0x80), 0],
    ["overlong '/' C0 AF", bytes(0xc0, 0xaf), 0],
    ["overlong C1 BF", bytes(0xc1, 0xbf), 0],
    ["overlong 3-byte E0 80 80", bytes(0xe0, 0x80, 0x80), 0],
    ["overlong 3-byte U+07FF E0 9F BF", bytes(0xe0, 0x9f, 0xbf), 0],
    ["overlong 4-byte F0 80 80 80", bytes(0xf0, 0x80, 0x80, 0x80), 0],
    ["overlong 4-byte U+FFFF F0 8F BF BF", bytes(0xf0, 0x8f, 0xbf, 0xbf), 0],
    // Surrogates encoded as if they were characters (CESU-8 / WTF-8).
    ["U+D800 ED A0 80", bytes(0xed, 0xa0, 0x80), 0],
    ["U+DBFF ED AF BF", bytes(0xed, 0xaf, 0xbf), 0],
    ["U+DC00 ED B0 80", bytes(0xed, 0xb0, 0x80), 0],
    ["U+DFFF ED BF BF", bytes(0xed, 0xbf, 0xbf), 0],
    ["surrogate pair as CESU-8", bytes(0xed, 0xa0, 0xbd, 0xed, 0xb8, 0x80), 0],
    // Beyond U+10FFFF and bytes that never start a sequence.
    ["U+110000 F4 90 80 80", bytes(0xf4, 0x90, 0x80, 0x80), 0],
    ["F5 lead", bytes(0xf5, 0x80, 0x80, 0x80), 0],
    ["F8 5-byte lead", bytes(0xf8, 0x88, 0x80, 0x80, 0x80), 0],
    ["FE", bytes(0xfe), 0],
    ["FF", bytes(0xff), 0],
    ["lone continuation byte", bytes(0x80), 0],
    ["continuation after ASCII", bytes(0x41, 0x42, 0xbf), 2],
    // Truncated sequences.
    ["truncated 2-byte at end", bytes(0x41, 0xc3), 1],
    ["truncated 3-byte at end", bytes(0x41, 0xe2, 0x82), 1],
    ["truncated 4-byte at end", bytes(0xf0, 0x9f, 0x98), 0],
    ["truncated 3-byte before ASCII", bytes(0xe2, 0x82, 0x41), 0],
    ["truncated 2-byte before a new lead", bytes(0xc3, 0xc3, 0xa9), 0],
    // Position after valid multi-byte characters.
    ["after é", bytes(0xc3, 0xa9, 0xff), 2],
    ["after emoji", bytes(0xf0, 0x9f, 0x98, 0x80, 0x20, 0xc0, 0x80), 5],
  ];
  for (const [what, input, at] of cases) strictEqual(firstInvalidUtf8(input), at, what);
});

Deno.test("parseJsonc() reports invalid UTF-8 with the byte and its offset", () => {
  const input = new Uint8Array([...utf8('{"a": "é'), 0xed, 0xa0, 0x80, ...utf8('"}')]);
  const parsed = parseJsonc(input);
  strictEqual(parsed.tree, undefined);
  strictEqual(parsed.text, '{"a": "é');
  deepStrictEqual(parsed.diagnostics, [{
    severity: "error",
    code: "not-utf8",
    message: "the manifest is not valid UTF-8 (byte 0xed at byte offset 9)",
    pointer: "",
    offset: 8,
    length: 0,
  }]);
});

Deno.test("parseJsoncText() accepts unique keys at every depth", () => {
  const parsed = parseJsoncText(
    '{ "bottles": { "a": { "env": { "X": "1" } }, "b": { "env": { "X": "1" } } } }',
  );
  ok(parsed.tree !== undefined);
  deepStrictEqual(parsed.diagnostics, []);
});

interface DuplicateCase {
  readonly name: string;
  readonly text: string;
  /** [pointer, key, where the duplicate is, where the key was first defined] as "line:column" */
  readonly duplicates: readonly [string, string, string, string][];
}

const DUPLICATE_CASES: readonly DuplicateCase[] = [
  {
    name: "at the top level",
    text: '{ "bottles": {}, "bottles": {} }',
    duplicates: [["/bottles", "bottles", "1:18", "1:3"]],
  },
  {
    name: "in a bottle",
    text: '{ "bottles": { "dev": { "prompt": "a", "prompt": "b" } } }',
    duplicates: [["/bottles/dev/prompt", "prompt", "1:40", "1:25"]],
  },
  {
    name: "two levels down, on another line",
    text:
      '{\n  "bottles": {\n    "dev": {\n      "env": { "A": "1",\n        "A": "2" }\n    }\n  }\n}',
    duplicates: [["/bottles/dev/env/A", "A", "5:9", "4:16"]],
  },
  {
    name: "a bottle name repeated",
    text: '{ "bottles": { "dev": {}, "ops": {}, "dev": {} } }',
    duplicates: [["/bottles/dev", "dev", "1:38", "1:16"]],
  },
  {
    name: "inside objects in an array",
    text: '{ "x": [ { "k": 1 }, { "k": 1, "k": 2 } ] }',
    duplicates: [["/x/1/k", "k", "1:32", "1:24"]],
  },
  {
    name: "in an object nested in an array nested in an array",
    text: '{ "x": [ [ 1, { "a": { "b": 1, "b": 2 } } ] ] }',
    duplicates: [["/x/0/1/a/b", "b", "1:32", "1:24"]],
  },
  {
    name: "three times, each pointing at the first",
    text: '{ "a": 1, "a": 2, "a": 3 }',
    duplicates: [["/a", "a", "1:11", "1:3"], ["/a", "a", "1:19", "1:3"]],
  },
  {
    name: "at several depths, in the order of a depth-first walk",
    text: '{ "a": { "b": 1, "b": 2 }, "c": [ { "d": 1, "d": 2 } ], "a": {} }',
    duplicates: [
      ["/a/b", "b", "1:18", "1:10"],
      ["/c/0/d", "d", "1:45", "1:37"],
      ["/a", "a", "1:57", "1:3"],
    ],
  },
  {
    name: "inside the value of a duplicate key",
    text: '{ "a": 1, "a": { "z": 1, "z": 2 } }',
    duplicates: [["/a", "a", "1:11", "1:3"], ["/a/z", "z", "1:26", "1:18"]],
  },
  {
    name: "with keys that need escaping in a JSON pointer",
    text: '{ "a/b": { "c~d": 1, "c~d": 2 } }',
    duplicates: [["/a~1b/c~0d", "c~d", "1:22", "1:12"]],
  },
  {
    name: "with comments and CRLF line breaks",
    text: '{\r\n  // note\r\n  "a": 1,\r\n  /* again */ "a": 2,\r\n}\r\n',
    duplicates: [["/a", "a", "4:15", "3:3"]],
  },
];

for (const c of DUPLICATE_CASES) {
  Deno.test(`parseJsoncText() reports duplicate keys ${c.name}`, () => {
    const parsed = parseJsoncText(c.text);
    ok(parsed.tree !== undefined, "a duplicate key still yields a tree");
    const index = new LineIndex(c.text);
    const actual = parsed.diagnostics.map((d) => {
      const { line, column } = index.position(d.offset);
      return [d.severity, d.code, d.pointer, d.message, `${line}:${column}`, d.length];
    });
    const expected = c.duplicates.map(([pointer, key, at, first]) => [
      "error",
      "duplicate-key",
      pointer,
      `duplicate key "${key}" (first defined at ${first})`,
      at,
      key.length + 2,
    ]);
    deepStrictEqual(actual, expected);
  });
}

Deno.test("parseJsoncText() treats keys differing only in case as distinct", () => {
  deepStrictEqual(parseJsoncText('{ "env": { "Path": "a", "PATH": "b" } }').diagnostics, []);
});

Deno.test("parseJsoncText() does not confuse equal keys in sibling objects", () => {
  const parsed = parseJsoncText('[ { "a": 1 }, { "a": 2 }, { "b": { "a": 3 } } ]');
  deepStrictEqual(parsed.diagnostics, []);
});
