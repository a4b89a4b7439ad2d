/**
 * The shell syntax tree as plain data. The parser's own nodes live in
 * WebAssembly memory and are only valid while the tree is; the analysis works
 * on this copy instead, which is also what lets the walker be unit-tested
 * without knowing how the tree was made.
 */

/** One node of a bash syntax tree (tree-sitter-bash node types). */
export interface SyntaxNode {
  /** Node type, e.g. `command`, `word`, `heredoc_redirect`; anonymous tokens are their text. */
  readonly type: string;
  /** True for named nodes, false for anonymous tokens such as `|` or `"`. */
  readonly named: boolean;
  /** The grammar field this node fills in its parent (`name`, `argument`, `redirect`…). */
  readonly field: string | null;
  /** Start offset in the source, in UTF-16 code units. */
  readonly start: number;
  /** End offset (exclusive). */
  readonly end: number;
  readonly children: readonly SyntaxNode[];
}

/** A parsed command line: the source and its tree. */
export interface ParsedShell {
  readonly source: string;
  readonly root: SyntaxNode;
}

/** The source text a node covers. */
export function nodeText(source: string, node: SyntaxNode): string {
  return source.slice(node.start, node.end);
}

/** Children that fill `field`. */
export function childrenByField(node: SyntaxNode, field: string): SyntaxNode[] {
  return node.children.filter((child) => child.field === field);
}

/** The first child filling `field`, if any. */
export function childByField(node: SyntaxNode, field: string): SyntaxNode | undefined {
  return node.children.find((child) => child.field === field);
}

/** Named children (anonymous tokens such as `;` or `"` left out). */
export function namedChildren(node: SyntaxNode): SyntaxNode[] {
  return node.children.filter((child) => child.named);
}
