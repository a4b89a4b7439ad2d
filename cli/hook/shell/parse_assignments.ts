/**
 * Variable assignments as the walk sees them: the name, and every value it
 * may hold (unknown when computed at run time, an array, or a subscript).
 */
import { expandValue, walkSubstitutions, type WordContext } from "./expand_word.ts";
import type { ShellAssignment } from "./shell_command.ts";
import { UNKNOWN_VALUE, type VarValue } from "./shell_scope.ts";
import { childByField, nodeText, type SyntaxNode } from "./syntax_node.ts";

/** Expands assignment nodes (`a=1`, `a+=x`, `a[i]=v`, `a=(…)`) into names and possible values. */
export function parseAssignments(
  nodes: readonly SyntaxNode[],
  ctx: WordContext,
  kind: ShellAssignment["kind"],
): ShellAssignment[] {
  return nodes.map((node) => {
    const nameNode = childByField(node, "name");
    const valueNode = childByField(node, "value");
    const name = nameNode === undefined ? "" : nodeText(
      ctx.source,
      nameNode.type === "subscript" ? (childByField(nameNode, "name") ?? nameNode) : nameNode,
    );
    if (nameNode?.type === "subscript") walkSubstitutions(nameNode, ctx);
    const append = node.children.some((c) => c.type === "+=");
    let value: VarValue = valueNode?.type === "array"
      ? (walkSubstitutions(valueNode, ctx), UNKNOWN_VALUE)
      : expandValue(valueNode, ctx);
    if (append) {
      const before = ctx.scope.lookup(name);
      value = before.flatMap((a) => value.map((b) => [...a, ...b]));
    }
    if (nameNode?.type === "subscript") value = UNKNOWN_VALUE;
    return { name, value, kind };
  });
}
