/**
 * The bash parser: tree-sitter-bash running in web-tree-sitter, both
 * WebAssembly. Creating it is asynchronous (the WebAssembly is compiled, once
 * per process); parsing is synchronous after that. A parse never throws on bad
 * input: the tree marks syntax errors, and `parse` reports them so the caller
 * can deny. Where the WebAssembly bytes come from is the caller's choice:
 * load_shell_parser.ts embeds them, a hook may instead read files shipped
 * beside it (faster to start: see tests/bench/shell_parser_compare.ts).
 */

import { setFlagsFromString } from "node:v8";
import { Language, Parser, type TreeCursor } from "web-tree-sitter";
import type { ParsedShell, SyntaxNode } from "./syntax_node.ts";

/** A parse that failed: where and why, in plain words. */
export interface ShellSyntaxError {
  readonly error: string;
  /** Offset of the first problem in the source (UTF-16 code units). */
  readonly offset: number;
}

/** Parses bash command lines; one per process, reused for every `-c` string. */
export interface ShellParser {
  /** The tree of `source`, or the first syntax error in it. */
  parse(source: string): ParsedShell | ShellSyntaxError;
}

/** True when a parse result is a syntax error. */
export function isSyntaxError(result: ParsedShell | ShellSyntaxError): result is ShellSyntaxError {
  return "error" in result;
}

/** The two WebAssembly modules the parser needs. */
export interface ParserWasm {
  /** web-tree-sitter's runtime (`tree-sitter.wasm`). */
  readonly runtime: Uint8Array;
  /** The bash grammar (`tree-sitter-bash.wasm`). */
  readonly grammar: Uint8Array;
}

/**
 * Compiles the parser from its WebAssembly. Call once per process (web-tree-sitter
 * keeps its runtime in module state).
 */
export async function createShellParser(wasm: ParserWasm): Promise<ShellParser> {
  // Liftoff only: V8's optimising tier would recompile the grammar's big lexer in the
  // background, and a process exiting right after one parse waits for that (measured in
  // Node 20: about 0.9 s per hook call instead of about 0.1 s). Must run before compiling.
  setFlagsFromString("--liftoff-only");
  await Parser.init({ wasmBinary: wasm.runtime });
  const language = await Language.load(wasm.grammar);
  const parser = new Parser();
  parser.setLanguage(language);
  return {
    parse(source: string): ParsedShell | ShellSyntaxError {
      const tree = parser.parse(source);
      if (tree === null) return { error: "the parser gave no tree", offset: 0 };
      try {
        const cursor = tree.walk();
        try {
          const problem = firstProblem(cursor, source);
          if (problem !== undefined) return problem;
          cursor.reset(tree.rootNode);
          return { source, root: copyTree(cursor) };
        } finally {
          cursor.delete();
        }
      } finally {
        tree.delete();
      }
    },
  };
}

/** Depth-first search for an ERROR or MISSING node. */
function firstProblem(cursor: TreeCursor, source: string): ShellSyntaxError | undefined {
  if (!cursor.currentNode.hasError) return undefined;
  for (;;) {
    const node = cursor.currentNode;
    if (node.isMissing) {
      return {
        error: `missing \`${node.type}\` at offset ${node.startIndex}`,
        offset: node.startIndex,
      };
    }
    if (node.isError) {
      const near = JSON.stringify(source.slice(node.startIndex, node.startIndex + 20));
      return {
        error: `unexpected text at offset ${node.startIndex}: ${near}`,
        offset: node.startIndex,
      };
    }
    if (node.hasError && cursor.gotoFirstChild()) continue;
    while (!cursor.gotoNextSibling()) {
      if (!cursor.gotoParent()) return { error: "syntax error", offset: 0 };
    }
  }
}

/** Copies the subtree under the cursor into plain objects (iteratively: chains can be very deep). */
function copyTree(cursor: TreeCursor): SyntaxNode {
  const make = (): SyntaxNode & { children: SyntaxNode[] } => ({
    type: cursor.nodeType,
    named: cursor.nodeIsNamed,
    field: cursor.currentFieldName,
    start: cursor.startIndex,
    end: cursor.endIndex,
    children: [],
  });
  const root = make();
  const stack = [root];
  for (;;) {
    if (cursor.gotoFirstChild()) {
      const child = make();
      stack[stack.length - 1]!.children.push(child);
      stack.push(child);
      continue;
    }
    for (;;) {
      if (stack.length === 1) return root;
      if (cursor.gotoNextSibling()) {
        stack.pop();
        const sibling = make();
        stack[stack.length - 1]!.children.push(sibling);
        stack.push(sibling);
        break;
      }
      cursor.gotoParent();
      stack.pop();
    }
  }
}
