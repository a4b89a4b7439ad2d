/**
 * The bash parser: tree-sitter-bash running in web-tree-sitter, both as
 * WebAssembly embedded in the module (so the hook stays one Node file).
 * Loading is asynchronous (the WebAssembly is compiled once per process);
 * parsing is synchronous after that. A parse never throws on bad input: the
 * tree marks syntax errors, and `parse` reports them as a problem so the
 * caller can deny.
 */

import { Buffer } from "node:buffer";
import { Language, Parser, type TreeCursor } from "web-tree-sitter";
import { BASH_GRAMMAR_WASM_BASE64, TREE_SITTER_WASM_BASE64 } from "./_parser_wasm.ts";
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

let loading: Promise<ShellParser> | undefined;

/**
 * Loads the bash parser (once per process: later calls share the first).
 * Why async: WebAssembly compilation is; everything after is synchronous.
 */
export function loadShellParser(): Promise<ShellParser> {
  loading ??= load();
  return loading;
}

async function load(): Promise<ShellParser> {
  await Parser.init({ wasmBinary: Buffer.from(TREE_SITTER_WASM_BASE64, "base64") });
  const language = await Language.load(Buffer.from(BASH_GRAMMAR_WASM_BASE64, "base64"));
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

/** Copies the subtree under the cursor into plain objects. */
function copyTree(cursor: TreeCursor): SyntaxNode {
  const children: SyntaxNode[] = [];
  const node: SyntaxNode = {
    type: cursor.nodeType,
    named: cursor.nodeIsNamed,
    field: cursor.currentFieldName,
    start: cursor.startIndex,
    end: cursor.endIndex,
    children,
  };
  if (cursor.gotoFirstChild()) {
    do children.push(copyTree(cursor)); while (cursor.gotoNextSibling());
    cursor.gotoParent();
  }
  return node;
}
