import { deepStrictEqual } from "node:assert/strict";
import { staticOutput } from "./static_output.ts";

Deno.test("staticOutput() knows what echo and printf print", () => {
  deepStrictEqual(staticOutput(["echo", "a", "b"], undefined), "a b\n");
  deepStrictEqual(staticOutput(["echo", "-n", "x"], undefined), "x");
  deepStrictEqual(staticOutput(["echo", "-e", "\\x63at"], undefined), "cat\n");
  deepStrictEqual(staticOutput(["printf", "c\\x61t"], undefined), "cat");
  deepStrictEqual(staticOutput(["printf", ".e%s", "nv"], undefined), ".env");
  deepStrictEqual(staticOutput(["printf", "%s\\n", "a", "b"], undefined), "a\nb\n");
  deepStrictEqual(staticOutput(["pwd"], "/w"), "/w\n");
});

Deno.test("staticOutput() gives up on anything else", () => {
  deepStrictEqual(staticOutput(["cat", "x"], undefined), undefined);
  deepStrictEqual(staticOutput(["printf", "-v", "x", "y"], undefined), undefined);
  deepStrictEqual(staticOutput(["pwd"], undefined), undefined);
});
