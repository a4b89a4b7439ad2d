/**
 * Quick fixes for the mistakes people make most in claude-bottle.json: a
 * misspelt key or enum value (renamed to the same "did you mean" `bottle
 * validate` names), an over-broad egress wildcard (narrowed to a common host
 * under it, or removed), a URL where a host belongs, a number where a string
 * belongs, and memory written as "4GB". No fix grants more than the text meant.
 */
import { closestMatch } from "../manifest/closest_match.ts";
import { findNodeAtOffset, getNodePath, type Node, parseTree } from "jsonc-parser";
import {
  type CodeAction,
  CodeActionKind,
  type Diagnostic,
  type Position,
  type TextEdit,
} from "vscode-languageserver";
import { parseEgressRule } from "../../proxy/egress_rule.ts";
import { toDisplay, type ValuePath } from "../manifest/value_path.ts";
import { commonHostsUnder } from "./common_egress_hosts.ts";
import { propertiesAt, schemaAt } from "./schema_at.ts";

/** The document the fixes apply to. */
export interface FixInput {
  readonly uri: string;
  readonly text: string;
  readonly positionAt: (offset: number) => Position;
  readonly offsetAt: (position: Position) => number;
}

/** One replacement, before it becomes an LSP edit. */
interface Fix {
  readonly title: string;
  readonly offset: number;
  readonly length: number;
  readonly newText: string;
  readonly preferred?: boolean;
}

/** Quick fixes for the given diagnostics (those bottle published; others are ignored). */
export function quickFixes(input: FixInput, diagnostics: readonly Diagnostic[]): CodeAction[] {
  const tree = parseTree(input.text, [], { allowTrailingComma: true, disallowComments: false });
  if (tree === undefined) return [];
  const actions: CodeAction[] = [];
  for (const diagnostic of diagnostics) {
    if (diagnostic.source !== "bottle" || typeof diagnostic.code !== "string") continue;
    const offset = input.offsetAt(diagnostic.range.start);
    const node = findNodeAtOffset(tree, offset, false);
    if (node === undefined || node.offset !== offset) continue;
    for (const fix of fixesFor(diagnostic.code, node)) {
      const edit: TextEdit = {
        range: {
          start: input.positionAt(fix.offset),
          end: input.positionAt(fix.offset + fix.length),
        },
        newText: fix.newText,
      };
      const action: CodeAction = {
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        edit: { changes: { [input.uri]: [edit] } },
      };
      if (fix.preferred === true) action.isPreferred = true;
      actions.push(action);
    }
  }
  return actions;
}

/** The fixes for one diagnostic `code` reported at `node`. */
export function fixesFor(code: string, node: Node): Fix[] {
  const path = getNodePath(node);
  switch (code) {
    case "unknown-key":
      return renameKey(node, path);
    case "not-allowed-value":
      return closestEnumValue(node, path);
    case "broad-wildcard":
      return narrowWildcard(node, path);
    case "invalid-egress":
      return hostFromUrl(node);
    case "wrong-type":
      return quoteScalar(node, path);
    case "invalid-value":
      return path.at(-1) === "memory" && path.at(-2) === "resources" ? memoryUnit(node) : [];
    default:
      return [];
  }
}

function replaceNode(node: Node, title: string, newText: string, preferred = true): Fix {
  return { title, offset: node.offset, length: node.length, newText, preferred };
}

function renameKey(node: Node, path: ValuePath): Fix[] {
  const property = node.parent;
  if (property?.type !== "property" || property.children?.[0] !== node) return [];
  const key = String(node.value);
  const parentPath = path.slice(0, -1);
  const guess = closestMatch(key, propertiesAt(parentPath).map(([name]) => name));
  if (guess === undefined) return [];
  const siblings = property.parent?.children ?? [];
  if (siblings.some((p) => p.children?.[0]?.value === guess)) return []; // would duplicate a key
  return [replaceNode(node, `Rename "${key}" to "${guess}"`, JSON.stringify(guess))];
}

function closestEnumValue(node: Node, path: ValuePath): Fix[] {
  if (node.type !== "string") return [];
  const choices = schemaAt(path).shapes.flatMap((s) => s.enum ?? []);
  const guess = closestMatch(String(node.value), choices);
  if (guess === undefined) return [];
  return [replaceNode(node, `Change "${node.value}" to "${guess}"`, JSON.stringify(guess))];
}

function narrowWildcard(node: Node, path: ValuePath): Fix[] {
  if (node.type !== "string") return [];
  const entry = String(node.value);
  const match = /^\*\.(.+?)(:[0-9]+)?$/.exec(entry);
  const suffix = match?.[1];
  if (suffix === undefined) return [];
  const port = match?.[2] ?? "";
  const fixes: Fix[] = suffix.includes(".")
    ? commonHostsUnder(suffix).map(({ host }) =>
      // Which host was meant is a guess: offered, never preferred (so never auto-applied).
      replaceNode(node, `Narrow "${entry}" to "${host}${port}"`, JSON.stringify(host + port), false)
    )
    : [];
  const removal = removeListItem(node);
  if (removal !== undefined) {
    fixes.push({
      title: `Remove "${entry}" from ${toDisplay(path.slice(0, -1))}`,
      ...removal,
      newText: "",
    });
  }
  return fixes;
}

/** The span that removes `node` from its list, with the comma that separates it. */
function removeListItem(node: Node): { offset: number; length: number } | undefined {
  const items = node.parent?.type === "array" ? node.parent.children ?? [] : [];
  const index = items.indexOf(node);
  if (index === -1) return undefined;
  const next = items[index + 1];
  if (next !== undefined) return { offset: node.offset, length: next.offset - node.offset };
  const previous = items[index - 1];
  if (previous !== undefined) {
    const start = previous.offset + previous.length;
    return { offset: start, length: node.offset + node.length - start };
  }
  return { offset: node.offset, length: node.length };
}

function hostFromUrl(node: Node): Fix[] {
  if (node.type !== "string") return [];
  const entry = String(node.value);
  let url: URL;
  try {
    url = new URL(entry);
  } catch {
    return [];
  }
  if ((url.protocol !== "https:" && url.protocol !== "http:") || url.host === "") return [];
  if (parseEgressRule(url.host).kind === "error") return [];
  return [replaceNode(node, `Use the host "${url.host}"`, JSON.stringify(url.host))];
}

function quoteScalar(node: Node, path: ValuePath): Fix[] {
  if (node.type !== "number" && node.type !== "boolean") return [];
  if (!schemaAt(path).shapes.some((s) => s.type === "string")) return [];
  const text = String(node.value);
  return [replaceNode(node, `Write ${text} as the string "${text}"`, JSON.stringify(text))];
}

function memoryUnit(node: Node): Fix[] {
  if (node.type !== "string") return [];
  const match = /^\s*([0-9]+(?:\.[0-9]+)?)\s*([kmgKMG])i?[bB]\s*$/.exec(String(node.value));
  if (match === null) return [];
  const fixed = `${match[1]}${match[2]!.toLowerCase()}`;
  return [replaceNode(node, `Write "${node.value}" as "${fixed}"`, JSON.stringify(fixed))];
}
