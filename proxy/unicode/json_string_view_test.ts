import { deepStrictEqual, strictEqual } from "node:assert/strict";
import fc from "fast-check";
import { jsonStringView } from "./json_string_view.ts";

const encoder = new TextEncoder();

/** The code points of a token read through the view, forwards and backwards. */
function walk(token: string): { forward: number[]; backward: number[] } {
  const bytes = encoder.encode(token);
  const view = jsonStringView(bytes, 1, bytes.length - 1);
  const forward: number[] = [];
  for (let i = view.start; i < view.end; i = view.after(i)) forward.push(view.at(i));
  const backward: number[] = [];
  for (let i = view.before(view.end); i !== -1; i = view.before(i)) backward.push(view.at(i));
  return { forward, backward: backward.reverse() };
}

/** The code points `JSON.parse` reads, a lone surrogate as itself. */
function parsed(token: string): number[] {
  const value = JSON.parse(token) as string;
  const out: number[] = [];
  for (let i = 0; i < value.length;) {
    const cp = value.codePointAt(i)!;
    out.push(cp);
    i += cp > 0xffff ? 2 : 1;
  }
  return out;
}

Deno.test("jsonStringView() reads escapes as the code points JSON.parse gives", () => {
  const tokens = [
    '"plain"',
    '"a\\nb\\t\\"\\\\\\/\\b\\f\\r"',
    '"\\u0041\\u200b\\u200B"',
    '"\\ud83d\\ude00 😀 \\uD83D"',
    '"\\\\u0041 is text"',
    '"\\\\\\u0041"',
    '"\\udc00\\ud800"',
    '"\\udb40\\udc41\\u05d0\\u200f"',
    '"é日本👨‍👩‍👧"',
  ];
  for (const token of tokens) {
    const { forward, backward } = walk(token);
    deepStrictEqual(forward, parsed(token), token);
    deepStrictEqual(backward, parsed(token), token);
  }
});

Deno.test("jsonStringView() agrees with JSON.parse on any string written with any escapes", () => {
  const unit = fc.oneof(
    fc.constantFrom(
      "a",
      "\\",
      '"',
      "/",
      "\n",
      "é",
      "😀",
      "\u200b",
      "\u{E0041}",
      "\ud800",
      "\udc00",
    ),
    fc.integer({ min: 0, max: 0xffff }).map((u) => String.fromCharCode(u)),
  );
  fc.assert(
    fc.property(fc.array(fc.tuple(unit, fc.boolean())), (parts) => {
      // Each piece raw (where JSON allows) or escaped; JSON.stringify does the raw ones.
      const token = `"${
        parts.map(([text, escape]) => {
          const lone = /^[\ud800-\udfff]$/.test(text);
          if (escape || lone) {
            return [...text].map((_, k) => `\\u${text.charCodeAt(k).toString(16).padStart(4, "0")}`)
              .join("");
          }
          return JSON.stringify(text).slice(1, -1);
        }).join("")
      }"`;
      const { forward, backward } = walk(token);
      const expected = parsed(token);
      deepStrictEqual(forward, expected);
      deepStrictEqual(backward, expected);
    }),
    { numRuns: 2000 },
  );
});

Deno.test("jsonStringView() answers -1 outside its string", () => {
  const bytes = encoder.encode('"ab"');
  const view = jsonStringView(bytes, 1, 3);
  strictEqual(view.at(0), -1);
  strictEqual(view.at(3), -1);
  strictEqual(view.before(1), -1);
});
