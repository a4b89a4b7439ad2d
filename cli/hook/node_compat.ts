/**
 * What the shell parser's runtime (web-tree-sitter, built by Emscripten)
 * expects of Node that the image's Node 18 lacks: `process.getBuiltinModule`
 * (Node 22.3+). Imported first by the hook's entry point, so it is in place
 * before any parser code runs.
 */
import { createRequire } from "node:module";
import process from "node:process";

/** The process object, with the one method this shim may add. */
type ProcessWithBuiltins = typeof process & { getBuiltinModule?: (id: string) => unknown };

const withBuiltins = process as ProcessWithBuiltins;
// Built-in modules resolve the same from any folder; "/" is just an absolute path.
withBuiltins.getBuiltinModule ??= (id: string) => createRequire("/")(id);
