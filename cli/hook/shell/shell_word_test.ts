import { deepStrictEqual, throws } from "node:assert/strict";
import {
  braceExpand,
  fieldIsExact,
  fieldIsOpaque,
  fieldText,
  MAX_BRACE_FIELDS,
  wordFields,
  type WordToken,
} from "./shell_word.ts";

const lit = (text: string, quoted = false): WordToken => ({ kind: "lit", text, quoted });
const exp = (text: string, quoted = false): WordToken => ({ kind: "exp", text, quoted });
const texts = (tokens: WordToken[]) => wordFields(tokens).map(fieldText);

Deno.test("wordFields() splits unquoted expansion results on blanks, never quoted ones", () => {
  deepStrictEqual(texts([exp("a b  c")]), ["a", "b", "c"]);
  deepStrictEqual(texts([exp("a b", true)]), ["a b"]);
  deepStrictEqual(texts([lit("x"), exp(" y ")]), ["x", "y"]);
});

Deno.test("wordFields() drops an empty unquoted expansion but keeps an empty quoted string", () => {
  deepStrictEqual(texts([exp("")]), []);
  deepStrictEqual(texts([lit("", true)]), [""]);
});

Deno.test("braceExpand() expands lists and sequences in unquoted text only", () => {
  const variants = (tokens: WordToken[]) =>
    braceExpand(tokens).map((v) => v.map((t) => (t.kind === "unknown" ? "*" : t.text)).join(""));
  deepStrictEqual(variants([lit(".{e,x}nv")]), [".env", ".xnv"]);
  deepStrictEqual(variants([lit("x{1..3}")]), ["x1", "x2", "x3"]);
  deepStrictEqual(variants([lit("{a,b}{1,2}")]), ["a1", "a2", "b1", "b2"]);
  deepStrictEqual(variants([lit("{a,b}", true)]), ["{a,b}"]);
  deepStrictEqual(variants([lit("{}")]), ["{}"]);
  deepStrictEqual(variants([lit("${x}")]), ["${x}"]);
});

Deno.test("braceExpand() refuses expansions past MAX_BRACE_FIELDS", () => {
  throws(() => braceExpand([lit(`{1..${MAX_BRACE_FIELDS * 2}}`)]), RangeError);
  throws(() => braceExpand([lit("{a,b,c,d}".repeat(8))]), RangeError);
});

Deno.test("fieldIsExact() and fieldIsOpaque() tell known text from patterns and unknowns", () => {
  deepStrictEqual(fieldIsExact([{ text: "a*", glob: false }]), true);
  deepStrictEqual(fieldIsExact([{ text: "a*", glob: true }]), false);
  deepStrictEqual(fieldIsExact([{ unknown: true }]), false);
  deepStrictEqual(fieldIsOpaque([{ unknown: true }]), true);
  deepStrictEqual(fieldIsOpaque([{ unknown: true }, { text: "/x", glob: false }]), false);
});
