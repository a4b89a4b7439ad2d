import { deepStrictEqual } from "node:assert/strict";
import { fakeListDir } from "./testdata/corpus_fakes.ts";
import { expandGlobs } from "./expand_globs.ts";
import type { Field } from "./shell_word.ts";

const glob = (text: string): Field => [{ text, glob: true }];
const expand = (field: Field) => expandGlobs(field, "/workspace", fakeListDir).sort();

Deno.test("expandGlobs() matches patterns against the listed files", () => {
  deepStrictEqual(expand(glob(".e*")), ["/workspace/.env", "/workspace/.env.example"]);
  deepStrictEqual(expand(glob("/???/shadow")), ["/etc/shadow"]);
  deepStrictEqual(expand(glob("src/[xy].ts")), ["/workspace/src/x.ts", "/workspace/src/y.ts"]);
  deepStrictEqual(expand(glob("/home/agent/.ssh/id_*")), [
    "/home/agent/.ssh/id_rsa",
    "/home/agent/.ssh/id_rsa.pub",
  ]);
});

Deno.test("expandGlobs() keeps bash's rule that * and ? never match a leading dot", () => {
  deepStrictEqual(expand(glob("*env*")), []);
  deepStrictEqual(expand(glob("?env")), []);
});

Deno.test("expandGlobs() lets an unknown value match anything in a component, dot files included", () => {
  deepStrictEqual(expand([{ unknown: true }, { text: "env", glob: false }]), ["/workspace/.env"]);
  deepStrictEqual(
    expand([{ text: "/home/", glob: false }, { unknown: true }, {
      text: "/.ssh/id_rsa",
      glob: false,
    }]),
    [
      "/home/agent/.ssh/id_rsa",
    ],
  );
});

Deno.test("expandGlobs() returns nothing for a field without patterns or a folder that cannot be listed", () => {
  deepStrictEqual(expand([{ text: ".env", glob: false }]), []);
  deepStrictEqual(expandGlobs(glob("*"), "/nowhere", fakeListDir), []);
});
