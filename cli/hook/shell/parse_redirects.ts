/**
 * Parses redirection nodes (`> f`, `< f`, `2>&1`, here-documents and
 * here-strings) into what each one reads or writes, and the standard input
 * they give the command.
 */
import {
  expandValue,
  expandWord,
  UnsupportedShell,
  walkSubstitutions,
  type WordContext,
} from "./expand_word.ts";
import type { ShellRedirect, StdinSource } from "./shell_command.ts";
import { exactValue } from "./shell_scope.ts";
import { childByField, namedChildren, nodeText, type SyntaxNode } from "./syntax_node.ts";

/** Parses redirection nodes; returns them and the standard input they set, if any. */
export function parseRedirects(
  nodes: readonly SyntaxNode[],
  ctx: WordContext,
): { redirects: ShellRedirect[]; stdin?: StdinSource } {
  const out: ShellRedirect[] = [];
  let stdin: StdinSource | undefined;
  for (const node of nodes) {
    const fdNode = childByField(node, "descriptor");
    const fd = fdNode === undefined ? null : Number(nodeText(ctx.source, fdNode));
    const op = node.children.find((c) => !c.named)?.type ?? "";
    if (node.type === "heredoc_redirect") {
      const start = node.children.find((c) => c.type === "heredoc_start");
      const bodyNode = node.children.find((c) => c.type === "heredoc_body");
      const quotedDelimiter = start !== undefined && /['"\\]/.test(nodeText(ctx.source, start));
      let text = bodyNode === undefined ? "" : nodeText(ctx.source, bodyNode);
      let literal = true;
      if (bodyNode !== undefined && !quotedDelimiter) {
        const expansions = namedChildren(bodyNode).filter((c) => c.type !== "heredoc_content");
        if (expansions.length > 0) {
          literal = false;
          walkSubstitutions(bodyNode, ctx);
        } else if (text.includes("\\")) {
          text = text.replace(/\\([$`\\\n])/g, (_, c: string) => (c === "\n" ? "" : c));
        }
      }
      if (op === "<<-") text = text.replace(/^\t+/gm, "");
      out.push({ fd, op, access: "none", target: null });
      if (fd === null || fd === 0) stdin = { kind: "heredoc", text, literal };
      continue;
    }
    if (node.type === "herestring_redirect") {
      const valueNode = namedChildren(node).find((c) => c.field !== "descriptor");
      const value = expandValue(valueNode, ctx);
      out.push({ fd, op: "<<<", access: "none", target: null });
      if (fd === null || fd === 0) {
        stdin = {
          kind: "herestring",
          value,
          literal: exactValue(value) !== undefined && valueNode !== undefined &&
            !expandWord(valueNode, { ...ctx, substitute: () => undefined }).dynamic,
        };
      }
      continue;
    }
    if (node.type !== "file_redirect") {
      throw new UnsupportedShell(`unsupported redirection: ${node.type}`);
    }
    const dest = childByField(node, "destination");
    const target = dest === undefined ? null : expandWord(dest, ctx);
    const destText = dest === undefined ? "" : nodeText(ctx.source, dest);
    const dup = (op === "<&" || op === ">&") &&
      (/^\d+-?$|^-$/.test(destText) || dest === undefined);
    let access: ShellRedirect["access"] = "none";
    if (!dup && target !== null) access = op.startsWith("<") && op !== "<>" ? "read" : "write";
    if (op === "<&-" || op === ">&-") access = "none";
    out.push({ fd, op, access, target: access === "none" ? null : target });
    if (access === "read" && (fd === null || fd === 0) && target !== null) {
      stdin = { kind: "file", target };
    }
  }
  return stdin === undefined ? { redirects: out } : { redirects: out, stdin };
}
