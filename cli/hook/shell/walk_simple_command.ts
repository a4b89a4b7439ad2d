/**
 * Simple commands as the walk reaches them: a command with its words,
 * assignments and redirections; a declaration (`export`, `declare`, `local`,
 * `readonly`, `typeset`, `unset`); a line of bare assignments. Each is
 * reported to the sink, then its effect on the shell's state is applied.
 */
import { builtinEffects } from "./builtin_effects.ts";
import { type ExpandedWord, expandWord } from "./expand_word.ts";
import { parseAssignments } from "./parse_assignments.ts";
import { parseRedirects } from "./parse_redirects.ts";
import type { ShellCommand } from "./shell_command.ts";
import { type ShellScope, UNKNOWN_VALUE } from "./shell_scope.ts";
import {
  childByField,
  childrenByField,
  namedChildren,
  nodeText,
  type SyntaxNode,
} from "./syntax_node.ts";
import type { Frame, StatementWalker } from "./walk_frame.ts";

/** Builtins that only change the shell's own state and print nothing worth knowing. */
const DECLARATIONS = new Set(["export", "declare", "typeset", "local", "readonly"]);

/** One simple command. */
export function walkCommand(
  walker: StatementWalker,
  node: SyntaxNode,
  scope: ShellScope,
  frame: Frame,
  outer: readonly SyntaxNode[],
  extraArgs: readonly SyntaxNode[],
  seen?: ShellCommand[],
): void {
  const ctx = walker.context(scope, frame);
  const assignmentNodes = node.children.filter((c) => c.type === "variable_assignment");
  const nameNode = childByField(node, "name");
  const redirectNodes = [...childrenByField(node, "redirect"), ...outer];
  const argNodes = [...childrenByField(node, "argument"), ...extraArgs];
  const assignments = parseAssignments(
    assignmentNodes,
    ctx,
    nameNode === undefined ? "plain" : "prefix",
  );
  const words: ExpandedWord[] = [];
  if (nameNode !== undefined) {
    const inner = namedChildren(nameNode);
    words.push(expandWord(inner.length === 1 ? inner[0]! : nameNode, ctx));
  }
  for (const arg of argNodes) words.push(expandWord(arg, ctx));
  const parsed = parseRedirects(redirectNodes, walker.context(scope, frame));
  walker.emit({
    words,
    assignments,
    redirects: parsed.redirects,
    stdin: parsed.stdin ?? frame.stdin,
    via: frame.via,
    stdout: frame.stdout,
    scope,
  }, seen);
  if (nameNode === undefined) {
    for (const a of assignments) scope.assign(a.name, a.value);
    return;
  }
  builtinEffects(words, scope);
}

/** `export`, `declare`, `local`, `readonly`, `typeset`, `unset`. */
export function walkDeclaration(
  walker: StatementWalker,
  node: SyntaxNode,
  scope: ShellScope,
  frame: Frame,
  redirects: readonly SyntaxNode[],
  seen?: ShellCommand[],
): void {
  const ctx = walker.context(scope, frame);
  const keyword = node.children[0];
  const name = keyword === undefined ? "" : nodeText(walker.source, keyword);
  const words: ExpandedWord[] = [literalWord(name)];
  const assignmentNodes: SyntaxNode[] = [];
  const names: string[] = [];
  for (const child of namedChildren(node)) {
    if (child.type === "variable_assignment") assignmentNodes.push(child);
    else if (child.type === "variable_name") names.push(nodeText(walker.source, child));
    else words.push(expandWord(child, ctx));
  }
  const assignments = parseAssignments(assignmentNodes, ctx, "declare");
  const parsed = parseRedirects(redirects, walker.context(scope, frame));
  walker.emit({
    words: [...words, ...names.map((n) => literalWord(n))],
    assignments,
    redirects: parsed.redirects,
    stdin: parsed.stdin ?? frame.stdin,
    via: frame.via,
    stdout: frame.stdout,
    scope,
  }, seen);
  if (name === "unset") {
    const functionsOnly = words.some((w) => w.raw === "-f");
    for (const n of names) {
      if (functionsOnly) scope.functions.delete(n);
      else scope.assign(n, undefined);
    }
    return;
  }
  if (DECLARATIONS.has(name)) {
    for (const a of assignments) scope.assign(a.name, a.value);
    // `declare -n`, `declare -i` and friends change how values read later: treat them as unknown.
    if (words.some((w) => /^-\w*[nia]/.test(w.raw))) {
      for (const a of assignments) scope.assign(a.name, UNKNOWN_VALUE);
    }
  }
}

/** A statement of assignments only (`a=1 b=2`), which set the variables for the rest of the line. */
export function walkBareAssignments(
  walker: StatementWalker,
  node: SyntaxNode,
  scope: ShellScope,
  frame: Frame,
  redirects: readonly SyntaxNode[],
  seen?: ShellCommand[],
): void {
  const ctx = walker.context(scope, frame);
  const nodes = node.type === "variable_assignment"
    ? [node]
    : namedChildren(node).filter((c) => c.type === "variable_assignment");
  const assignments = parseAssignments(nodes, ctx, "plain");
  const parsed = parseRedirects(redirects, walker.context(scope, frame));
  walker.emit({
    words: [],
    assignments,
    redirects: parsed.redirects,
    stdin: parsed.stdin ?? frame.stdin,
    via: frame.via,
    stdout: frame.stdout,
    scope,
  }, seen);
  for (const a of assignments) scope.assign(a.name, a.value);
}

/** A word made of one literal field. */
function literalWord(text: string): ExpandedWord {
  return {
    fields: [[{ text, glob: false }]],
    dynamic: false,
    processSubstitution: false,
    raw: text,
  };
}
