/**
 * Redirected statements in the walk (`cmd > f`, `{ …; } < f`, here-documents):
 * the redirections join those inherited from outside, and what tree-sitter-bash
 * hangs under a here-document (the rest of its line: arguments, a pipeline, the
 * right side of a list) is walked where bash would run it.
 */
import { UnsupportedShell } from "./expand_word.ts";
import type { ShellCommand } from "./shell_command.ts";
import type { ShellScope } from "./shell_scope.ts";
import { childByField, childrenByField, namedChildren, type SyntaxNode } from "./syntax_node.ts";
import { type Frame, PIPE, type StatementWalker } from "./walk_frame.ts";
import { walkCommand } from "./walk_simple_command.ts";

/** Splits a redirected statement into its body, its redirections and what a here-doc's line continues with. */
export function walkRedirected(
  walker: StatementWalker,
  node: SyntaxNode,
  scope: ShellScope,
  frame: Frame,
  outer: readonly SyntaxNode[],
  seen?: ShellCommand[],
): void {
  const body = childByField(node, "body");
  const redirects: SyntaxNode[] = [];
  const extraArgs: SyntaxNode[] = [];
  // tree-sitter-bash hangs the rest of a here-doc's line under the here-doc node.
  let pipeline: SyntaxNode | undefined;
  let listRight: SyntaxNode | undefined;
  for (const child of childrenByField(node, "redirect")) {
    if (child.type !== "heredoc_redirect") {
      redirects.push(child);
      continue;
    }
    const own: SyntaxNode[] = [];
    for (const part of child.children) {
      if (part.field === "redirect") redirects.push(part);
      else if (part.field === "argument") extraArgs.push(part);
      else if (part.field === "right") listRight = part;
      else if (part.type === "pipeline") pipeline = part;
      else if (part.type === "list") {
        throw new UnsupportedShell("unsupported here-document continuation");
      } else own.push(part);
    }
    redirects.push({ ...child, children: own });
  }
  const all = [...redirects, ...outer];
  const runBody = (bodyScope: ShellScope, bodyFrame: Frame) => {
    if (body === undefined) {
      walker.applyRedirects(all, bodyScope, bodyFrame, seen);
    } else if (body.type === "command") {
      walkCommand(walker, body, bodyScope, bodyFrame, all, extraArgs, seen);
    } else {
      if (extraArgs.length > 0) {
        throw new UnsupportedShell("arguments after a here-document on a compound command");
      }
      walker.statement(body, bodyScope, bodyFrame, all, seen);
    }
  };
  if (pipeline !== undefined) {
    runBody(scope.fork(), frame);
    walker.pipeline(namedChildren(pipeline), scope, { ...frame, stdin: PIPE }, [], seen);
  } else {
    runBody(scope, frame);
  }
  if (listRight !== undefined) {
    const branch = scope.fork();
    walker.statement(listRight, branch, frame, [], seen);
    scope.mergeMaybe(branch);
  }
}
