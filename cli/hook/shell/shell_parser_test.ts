import { deepStrictEqual, ok } from "node:assert/strict";
import { Buffer } from "node:buffer";
import { npmFile, PARSER_PACKAGES } from "../../../tools/npm_packages.ts";
import { BASH_GRAMMAR_WASM_BASE64, TREE_SITTER_WASM_BASE64 } from "./parser_wasm.generated.ts";
import { loadShellParser } from "./load_shell_parser.ts";
import { isSyntaxError } from "./shell_parser.ts";

Deno.test("the embedded WebAssembly is byte for byte the pinned npm packages' (run `deno task gen` after a version change)", async () => {
  deepStrictEqual(
    Buffer.from(TREE_SITTER_WASM_BASE64, "base64").equals(
      await Deno.readFile(await npmFile(PARSER_PACKAGES.runtime)),
    ),
    true,
  );
  deepStrictEqual(
    Buffer.from(BASH_GRAMMAR_WASM_BASE64, "base64").equals(
      await Deno.readFile(await npmFile(PARSER_PACKAGES.grammar)),
    ),
    true,
  );
});

Deno.test("loadShellParser() loads once per process", async () => {
  deepStrictEqual(await loadShellParser(), await loadShellParser());
});

Deno.test("parse() reports syntax errors with an offset instead of a tree", async () => {
  const parser = await loadShellParser();
  for (const bad of ["echo 'x", "if then fi", "ls )", "echo $((", "a && || b"]) {
    const result = parser.parse(bad);
    ok(isSyntaxError(result), bad);
  }
  const good = parser.parse("a | b && c");
  ok(!isSyntaxError(good));
  if (!isSyntaxError(good)) deepStrictEqual(good.root.children.map((c) => c.type), ["list"]);
});

Deno.test("parse() copies deep trees without running out of stack", async () => {
  const parser = await loadShellParser();
  const result = parser.parse(Array.from({ length: 20000 }, () => "true").join(" && "));
  ok(!isSyntaxError(result));
});
