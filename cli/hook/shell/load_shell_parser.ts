/**
 * The parser with its WebAssembly embedded in the module (base64): the copy
 * `bottle image` installs at /opt/bottle/lib (the hook reads those files, not
 * this module), and the one the unit tests load, so they need no files.
 */

import { Buffer } from "node:buffer";
import { BASH_GRAMMAR_WASM_BASE64, TREE_SITTER_WASM_BASE64 } from "./parser_wasm.generated.ts";
import { createShellParser, type ParserWasm, type ShellParser } from "./shell_parser.ts";

let loading: Promise<ShellParser> | undefined;

/** The embedded WebAssembly, decoded. */
export function embeddedParserWasm(): ParserWasm {
  return {
    runtime: Buffer.from(TREE_SITTER_WASM_BASE64, "base64"),
    grammar: Buffer.from(BASH_GRAMMAR_WASM_BASE64, "base64"),
  };
}

/**
 * Loads the parser from the embedded WebAssembly, once per process (later
 * calls share the first). Why async: WebAssembly compilation is.
 */
export function loadShellParser(): Promise<ShellParser> {
  loading ??= createShellParser(embeddedParserWasm());
  return loading;
}
