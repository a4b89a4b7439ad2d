import { deepStrictEqual, strictEqual } from "node:assert/strict";
import {
  type Diagnostic,
  diagnostic,
  formatDiagnostic,
  LineIndex,
  placeDiagnostics,
} from "./diagnostic.ts";

const at = (offset: number, length = 0) => ({ pointer: "", offset, length });

Deno.test("LineIndex.position() gives 1-based lines and columns", () => {
  const text = "ab\ncd\n\nefg";
  const index = new LineIndex(text);
  const cases: readonly [number, number, number][] = [
    [0, 1, 1],
    [1, 1, 2],
    [2, 1, 3], // the "\n" ends line 1
    [3, 2, 1],
    [5, 2, 3],
    [6, 3, 1], // an empty line
    [7, 4, 1],
    [9, 4, 3],
    [10, 4, 4], // one past the end
  ];
  for (const [offset, line, column] of cases) {
    deepStrictEqual(index.position(offset), { line, column }, `offset ${offset}`);
  }
});

Deno.test("LineIndex.position() handles text with no newline and empty text", () => {
  deepStrictEqual(new LineIndex("").position(0), { line: 1, column: 1 });
  deepStrictEqual(new LineIndex("abc").position(2), { line: 1, column: 3 });
});

Deno.test("LineIndex.position() gives a text that ends in a newline one more line", () => {
  const index = new LineIndex("a\n");
  deepStrictEqual(index.position(1), { line: 1, column: 2 });
  deepStrictEqual(index.position(2), { line: 2, column: 1 });
});

Deno.test("LineIndex.position() counts \\r\\n as one line break", () => {
  const text = '{\r\n  "a": 1,\r\n\r\n  "b": 2\r\n}\r\n';
  const index = new LineIndex(text);
  const cases: readonly [string, number, number, number][] = [
    ["{", text.indexOf("{"), 1, 1],
    ["first \\r", 1, 1, 2],
    ['"a"', text.indexOf('"a"'), 2, 3],
    ["1", text.indexOf("1"), 2, 8],
    ["blank line", text.indexOf("\r\n\r\n") + 2, 3, 1],
    ['"b"', text.indexOf('"b"'), 4, 3],
    ["}", text.indexOf("}"), 5, 1],
  ];
  for (const [what, offset, line, column] of cases) {
    deepStrictEqual(index.position(offset), { line, column }, what);
  }
});

Deno.test("LineIndex.position() counts columns in UTF-16 code units", () => {
  const text = '"é😀x"\nz';
  const index = new LineIndex(text);
  deepStrictEqual(index.position(text.indexOf("x")), { line: 1, column: 5 });
  deepStrictEqual(index.position(text.indexOf("z")), { line: 2, column: 1 });
});

Deno.test("placeDiagnostics() adds start and end positions", () => {
  const text = '{\n  "bottles": {\n    "dev": { "egres": [] }\n  }\n}\n';
  const offset = text.indexOf('"egres"');
  const [placed] = placeDiagnostics(text, [
    diagnostic("error", "unknown-key", 'unknown key "egres"', {
      pointer: "/bottles/dev/egres",
      offset,
      length: '"egres"'.length,
    }),
  ]);
  deepStrictEqual(placed, {
    severity: "error",
    code: "unknown-key",
    message: 'unknown key "egres"',
    pointer: "/bottles/dev/egres",
    offset,
    length: 7,
    line: 3,
    column: 14,
    endLine: 3,
    endColumn: 21,
  });
});

Deno.test("placeDiagnostics() ends a range that spans lines on its last line", () => {
  const text = '{\r\n  "a": [\r\n    1\r\n  ]\r\n}';
  const start = text.indexOf("[");
  const end = text.indexOf("]") + 1;
  const [placed] = placeDiagnostics(text, [
    diagnostic("warning", "w", "m", at(start, end - start)),
  ]);
  strictEqual(placed?.line, 2);
  strictEqual(placed?.column, 8);
  strictEqual(placed?.endLine, 4);
  strictEqual(placed?.endColumn, 4);
});

Deno.test("placeDiagnostics() places a point diagnostic at the same start and end", () => {
  const [placed] = placeDiagnostics("ab\r\ncd", [diagnostic("error", "x", "m", at(4))]);
  strictEqual(placed?.line, 2);
  strictEqual(placed?.column, 1);
  strictEqual(placed?.endLine, 2);
  strictEqual(placed?.endColumn, 1);
});

Deno.test("placeDiagnostics() sorts by offset, then by code, keeping ties in order", () => {
  const text = "0123456789";
  const input: Diagnostic[] = [
    diagnostic("error", "b-code", "third", at(5)),
    diagnostic("warning", "z-code", "last", at(9)),
    diagnostic("error", "a-code", "second", at(5)),
    diagnostic("error", "c-code", "first", at(1)),
    diagnostic("error", "b-code", "fourth", at(5)),
  ];
  const placed = placeDiagnostics(text, input);
  deepStrictEqual(placed.map((d) => d.message), ["first", "second", "third", "fourth", "last"]);
});

Deno.test("placeDiagnostics() leaves its input unchanged", () => {
  const input: Diagnostic[] = [
    diagnostic("error", "b", "m", at(5)),
    diagnostic("error", "a", "m", at(1)),
  ];
  const before = structuredClone(input);
  placeDiagnostics("0123456789", input);
  deepStrictEqual(input, before);
});

Deno.test("placeDiagnostics() returns nothing for no diagnostics", () => {
  deepStrictEqual(placeDiagnostics("{}", []), []);
});

Deno.test("formatDiagnostic() writes FILE:LINE:COL: severity: message", () => {
  const text = '{\r\n  "bottles": 1\r\n}';
  const [error, warning] = placeDiagnostics(text, [
    diagnostic("error", "type", "bottles must be an object", at(text.indexOf("1"), 1)),
    diagnostic("warning", "env", "HOME_VAR is not set", at(text.indexOf("}"))),
  ]);
  strictEqual(
    formatDiagnostic("claude-bottle.json", error!),
    "claude-bottle.json:2:14: error: bottles must be an object",
  );
  strictEqual(
    formatDiagnostic("/p/claude-bottle.json", warning!),
    "/p/claude-bottle.json:3:1: warning: HOME_VAR is not set",
  );
});

Deno.test("diagnostic() copies the place into a plain value", () => {
  deepStrictEqual(
    diagnostic("warning", "code", "message", { pointer: "/a/0", offset: 3, length: 2 }),
    {
      severity: "warning",
      code: "code",
      message: "message",
      pointer: "/a/0",
      offset: 3,
      length: 2,
    },
  );
});
