import { deepStrictEqual, strictEqual, throws } from "node:assert/strict";
import { isPermitted, permittedSubtrees } from "./permitted_names.ts";

Deno.test("permittedSubtrees() normalises, turns *.suffix into suffix and drops covered names", () => {
  deepStrictEqual(
    permittedSubtrees([
      "API.GitHub.com.",
      "github.com",
      "*.npmjs.org",
      "registry.npmjs.org",
      "a.b",
    ]),
    ["a.b", "github.com", "npmjs.org"],
  );
  deepStrictEqual(permittedSubtrees([]), []);
  throws(() => permittedSubtrees(["bad host"]));
});

Deno.test("isPermitted() holds a subtree's own name and the names under it, nothing else", () => {
  const subtrees = ["github.com", "npmjs.org"];
  strictEqual(isPermitted("github.com", subtrees), true);
  strictEqual(isPermitted("api.github.com", subtrees), true);
  strictEqual(isPermitted("evilgithub.com", subtrees), false);
  strictEqual(isPermitted("github.com.evil.test", subtrees), false);
  strictEqual(isPermitted("example.com", subtrees), false);
  strictEqual(isPermitted("anything", []), false);
});
