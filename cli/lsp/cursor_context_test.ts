import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { cursorContext } from "./cursor_context.ts";

/** The context at the `|` in `marked`. */
function at(marked: string) {
  const offset = marked.indexOf("|");
  return cursorContext(marked.replace("|", ""), offset);
}

Deno.test("cursorContext() finds a key position in an empty object", () => {
  deepStrictEqual(at('{ "bottles": { "dev": { | } } }'), {
    kind: "key",
    path: ["bottles", "dev"],
    replace: { offset: 24, length: 0 },
    typed: "",
    quoted: false,
    colonFollows: false,
  });
});

Deno.test("cursorContext() replaces the whole key string being edited and sees the colon after it", () => {
  const c = at('{ "bottles": { "dev": { "ima|": "x" } } }');
  deepStrictEqual([c?.kind, c?.path, c?.replace, c?.typed, c?.quoted, c?.colonFollows], [
    "key",
    ["bottles", "dev"],
    { offset: 24, length: 5 },
    "ima",
    true,
    true,
  ]);
});

Deno.test("cursorContext() stops an unterminated string at the cursor", () => {
  const c = at('{ "bottles": { "dev": { "ima| } } }');
  deepStrictEqual(c?.replace, { offset: 24, length: 4 });
});

Deno.test("cursorContext() finds a value position with its path, in objects and lists", () => {
  deepStrictEqual(at('{ "bottles": { "d": { "auth": { "type": "o|" } } } }')?.path, [
    "bottles",
    "d",
    "auth",
    "type",
  ]);
  const c = at('{ "bottles": { "d": { "egress": { "allow": ["a", | ] } } } }');
  deepStrictEqual([c?.kind, c?.path], ["value", ["bottles", "d", "egress", "allow", 1]]);
});

Deno.test("cursorContext() replaces a bare word being typed", () => {
  const c = at('{ "bottles": { "d": { "workspaceReadOnly": tr| } } }');
  deepStrictEqual([c?.kind, c?.replace, c?.typed, c?.quoted], [
    "value",
    { offset: 43, length: 2 },
    "tr",
    false,
  ]);
});

Deno.test("cursorContext() offers nothing inside a comment or after a closed string", () => {
  strictEqual(at('{ // a com|ment\n "bottles": {} }'), undefined);
  strictEqual(at('{ /* block | */ "bottles": {} }'), undefined);
  strictEqual(at('{ "bottles": { "d": { "image": "x"| } } }'), undefined);
});
