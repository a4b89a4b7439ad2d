import { deepStrictEqual } from "node:assert/strict";
import { resolveIn } from "./resolve_in.ts";

Deno.test("resolveIn() joins relative paths and folds . and ..", () => {
  deepStrictEqual(resolveIn("/w", "a/../b/./c"), "/w/b/c");
  deepStrictEqual(resolveIn("/w", "/etc//x"), "/etc/x");
  deepStrictEqual(resolveIn("/", ".."), "/");
});
