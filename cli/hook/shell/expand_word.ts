/**
 * Expands one word of the syntax tree the way bash would, with what can be
 * known before the command runs: quotes and escapes removed, variables
 * replaced by their tracked or inherited values, `~` by HOME, and every
 * substitution (`$(…)`, backquotes, `<(…)`) walked as commands in its own
 * right. What cannot be known becomes an unknown piece (a wildcard).
 * Syntax this module does not understand throws UnsupportedShell: the
 * caller denies rather than guess.
 */

import { decodeAnsiC, decodeDoubleQuoted, decodeUnquoted } from "./decode_quotes.ts";
import { exactValue, type ShellScope, UNKNOWN_VALUE, type VarValue } from "./shell_scope.ts";
import { type Field, wordFields, type WordToken } from "./shell_word.ts";
import { namedChildren, nodeText, type SyntaxNode } from "./syntax_node.ts";

/** Syntax the analysis cannot judge; the caller denies with the message. */
export class UnsupportedShell extends Error {
  override readonly name = "UnsupportedShell";
}

/** What expanding a word needs from the walker. */
export interface WordContext {
  readonly source: string;
  readonly scope: ShellScope;
  /**
   * Walks the commands of a substitution (`$(…)`, backquotes, `<(…)`, `>(…)`)
   * and returns its output when it can be known (`$(echo x)`), else undefined.
   */
  substitute(node: SyntaxNode): string | undefined;
}

/** A word after expansion. */
export interface ExpandedWord {
  /** The arguments it becomes (brace expansion and splitting done). */
  readonly fields: readonly Field[];
  /** True when any expansion or substitution took part (the text is not all literal). */
  readonly dynamic: boolean;
  /** True when the word is a process substitution (`<(…)` or `>(…)`). */
  readonly processSubstitution: boolean;
  /** The word as written. */
  readonly raw: string;
}

/** Most variants (from variables with several possible values) kept per word. */
const MAX_VARIANTS = 64;

/** Builds the token variants of one word. */
class Builder {
  variants: WordToken[][] = [[]];
  dynamic = false;

  add(token: WordToken): void {
    for (const v of this.variants) v.push(token);
  }

  /** Appends one of several alternatives (a cartesian product, capped). */
  addAlternatives(alternatives: readonly (readonly WordToken[])[]): void {
    if (alternatives.length === 1) {
      for (const v of this.variants) v.push(...alternatives[0]!);
      return;
    }
    if (this.variants.length * alternatives.length > MAX_VARIANTS) {
      const quoted = alternatives.some((a) => a.some((t) => t.quoted));
      this.add({ kind: "unknown", quoted });
      return;
    }
    this.variants = this.variants.flatMap((v) => alternatives.map((a) => [...v, ...a]));
  }
}

/** Tokens of a variable's value, quoted or not. */
function valueTokens(value: VarValue, quoted: boolean): WordToken[][] {
  return value.map((alt) =>
    alt.map((part): WordToken =>
      "unknown" in part ? { kind: "unknown", quoted } : { kind: "exp", text: part.text, quoted }
    )
  );
}

/** Expands a node that stands for a word (argument, command name, redirection target…). */
export function expandWord(node: SyntaxNode, ctx: WordContext): ExpandedWord {
  const b = new Builder();
  build(node, ctx, b, false);
  tilde(b, ctx.scope);
  const fields: Field[] = [];
  for (const variant of b.variants) fields.push(...wordFields(variant));
  return {
    fields,
    dynamic: b.dynamic,
    processSubstitution: node.type === "process_substitution",
    raw: nodeText(ctx.source, node),
  };
}

/**
 * Expands a node as an assignment value or a here-string: no splitting,
 * no globbing, no brace expansion; returns the possible values.
 */
export function expandValue(node: SyntaxNode | undefined, ctx: WordContext): VarValue {
  if (node === undefined) return [[{ text: "" }]];
  const b = new Builder();
  build(node, ctx, b, true);
  tilde(b, ctx.scope, true);
  return b.variants.map((variant) =>
    variant.map((t) => (t.kind === "unknown" ? { unknown: true as const } : { text: t.text }))
  );
}

/** Replaces a leading `~`, `~/…`, `~+`, `~-` or `~user` with the folder it names. */
function tilde(b: Builder, scope: ShellScope, afterColons = false): void {
  for (const variant of b.variants) {
    const expandAt = (index: number, from: number) => {
      const first = variant[index];
      if (first?.kind !== "lit" || first.quoted || first.text[from] !== "~") return;
      const rest = first.text.slice(from);
      const slash = rest.indexOf("/");
      const prefix = slash === -1 ? rest : rest.slice(0, slash);
      const user = prefix.slice(1);
      let home: VarValue;
      if (user === "") home = scope.lookup("HOME");
      else if (user === "+") home = scope.lookup("PWD");
      else if (user === "-") home = scope.lookup("OLDPWD");
      else if (/^[a-z_][a-z0-9_-]*$/.test(user)) {
        home = [[{ text: user === "root" ? "/root" : `/home/${user}` }]];
      } else return;
      const text = exactValue(home);
      const replacement: WordToken[] = text === undefined
        ? [{ kind: "unknown", quoted: true }]
        : [{ kind: "exp", text, quoted: true }];
      const tail = rest.slice(prefix.length);
      const head = first.text.slice(0, from);
      variant.splice(
        index,
        1,
        ...(head === "" ? [] : [{ kind: "lit", text: head, quoted: false } as const]),
        ...replacement,
        ...(tail === "" ? [] : [{ kind: "lit", text: tail, quoted: false } as const]),
      );
    };
    expandAt(0, 0);
    if (afterColons) {
      // In assignments bash also expands `~` after each `:` (PATH-like values).
      for (let i = variant.length - 1; i >= 0; i--) {
        const t = variant[i];
        if (t?.kind !== "lit" || t.quoted) continue;
        for (let at = t.text.lastIndexOf(":~"); at !== -1; at = t.text.lastIndexOf(":~", at - 1)) {
          expandAt(i, at + 1);
          if (at === 0) break;
        }
      }
    }
  }
}

/** Walks every substitution below `node` for its commands, ignoring values. */
export function walkSubstitutions(node: SyntaxNode, ctx: WordContext): void {
  for (const child of node.children) {
    if (child.type === "command_substitution" || child.type === "process_substitution") {
      ctx.substitute(child);
    } else {
      walkSubstitutions(child, ctx);
    }
  }
}

/** Adds the text between `from` and `to` that no child covers, decoded as the context says. */
function gap(ctx: WordContext, b: Builder, from: number, to: number, quoted: boolean): void {
  if (to <= from) return;
  const raw = ctx.source.slice(from, to);
  const text = quoted ? decodeDoubleQuoted(raw) : decodeUnquoted(raw);
  b.add({ kind: "lit", text, quoted });
}

/** Builds a sequence of sibling nodes between `from` and `to`, with the text between them. */
function buildRange(
  nodes: readonly SyntaxNode[],
  from: number,
  to: number,
  ctx: WordContext,
  b: Builder,
  quoted: boolean,
): void {
  let at = from;
  for (const child of nodes) {
    gap(ctx, b, at, child.start, quoted);
    build(child, ctx, b, quoted);
    at = child.end;
  }
  gap(ctx, b, at, to, quoted);
}

function build(node: SyntaxNode, ctx: WordContext, b: Builder, quoted: boolean): void {
  const text = nodeText(ctx.source, node);
  switch (node.type) {
    case "word":
    case "number":
    case "extglob_pattern":
    case "regex":
    case "string_content":
    case "heredoc_content":
      b.add({
        kind: "lit",
        text: quoted ? decodeDoubleQuoted(text) : decodeUnquoted(text),
        quoted,
      });
      return;
    case "raw_string":
      b.add({ kind: "lit", text: text.slice(1, -1), quoted: true });
      return;
    case "ansi_c_string":
      b.add({ kind: "lit", text: decodeAnsiC(text.slice(2, -1)), quoted: true });
      return;
    case "string":
    case "translated_string": {
      const open = text.startsWith('$"') ? 2 : 1;
      const inner = namedChildren(node).filter((c) => c.type !== "string_content");
      b.add({ kind: "lit", text: "", quoted: true });
      buildRange(inner, node.start + open, node.end - 1, ctx, b, true);
      return;
    }
    case "concatenation":
      buildRange(namedChildren(node), node.start, node.end, ctx, b, quoted);
      return;
    case "$":
      // The `$` of a `$"…"` (locale-translated) string: the string itself follows.
      return;
    case "brace_expression":
      b.add({ kind: "lit", text, quoted: false });
      return;
    case "simple_expansion":
    case "expansion":
      b.dynamic = true;
      b.addAlternatives(valueTokens(parameter(node, ctx, quoted), quoted));
      return;
    case "command_substitution": {
      b.dynamic = true;
      const out = ctx.substitute(node);
      if (out === undefined) b.add({ kind: "unknown", quoted });
      else b.add({ kind: "exp", text: out.replace(/\n+$/, ""), quoted });
      return;
    }
    case "process_substitution":
      b.dynamic = true;
      ctx.substitute(node);
      b.add({ kind: "exp", text: "/dev/fd/63", quoted: true });
      return;
    case "arithmetic_expansion":
      b.dynamic = true;
      walkSubstitutions(node, ctx);
      b.add({ kind: "unknown", quoted });
      return;
    default:
      throw new UnsupportedShell(`unsupported shell syntax in a word: ${node.type}`);
  }
}

/** The value of `$x` or `${…}`, for the forms whose value can be worked out. */
function parameter(node: SyntaxNode, ctx: WordContext, quoted: boolean): VarValue {
  const scope = ctx.scope;
  if (node.type === "simple_expansion") {
    const name = namedChildren(node)[0];
    if (name === undefined) return UNKNOWN_VALUE;
    const id = nodeText(ctx.source, name);
    return name.type === "variable_name" && !/^\d+$/.test(id) ? scope.lookup(id) : UNKNOWN_VALUE;
  }
  walkSubstitutions(node, ctx);
  const parts = node.children.filter((c) => c.type !== "${" && c.type !== "}");
  const first = parts[0];
  if (first === undefined) return UNKNOWN_VALUE;
  const nameOf = (n: SyntaxNode | undefined) =>
    n?.type === "variable_name" && !/^\d+$/.test(nodeText(ctx.source, n))
      ? nodeText(ctx.source, n)
      : undefined;
  // ${name}
  if (parts.length === 1) {
    const name = nameOf(first);
    return name === undefined ? UNKNOWN_VALUE : scope.lookup(name);
  }
  // ${#name}
  if (parts.length === 2 && first.type === "#" && nameOf(parts[1]) !== undefined) {
    const value = exactValue(scope.lookup(nameOf(parts[1])!));
    return value === undefined ? UNKNOWN_VALUE : [[{ text: String([...value].length) }]];
  }
  // ${!name}: the value of the variable whose name is name's value.
  if (parts.length === 2 && first.type === "!" && nameOf(parts[1]) !== undefined) {
    const target = exactValue(scope.lookup(nameOf(parts[1])!));
    return target !== undefined && /^[A-Za-z_][A-Za-z0-9_]*$/.test(target)
      ? scope.lookup(target)
      : UNKNOWN_VALUE;
  }
  const name = nameOf(first);
  const op = parts[1];
  if (name === undefined || op === undefined || op.named) return UNKNOWN_VALUE;
  const rest = parts.slice(2);
  const closing = node.children[node.children.length - 1]!;
  const word = (): VarValue => {
    const b = new Builder();
    buildRange(rest, op.end, closing.start, ctx, b, quoted);
    return b.variants.map((v) =>
      v.map((t) => (t.kind === "unknown" ? { unknown: true as const } : { text: t.text }))
    );
  };
  const set = scope.isSet(name);
  const value = scope.lookup(name);
  const empty = exactValue(value) === "";
  switch (op.type) {
    case ":-":
    case "-": {
      const useWord = op.type === ":-" ? set === false || empty : set === false;
      const mayUseWord = set === undefined || (op.type === ":-" && exactValue(value) === undefined);
      if (mayUseWord) return [...value, ...word()];
      return useWord ? word() : value;
    }
    case ":=":
    case "=": {
      const useWord = op.type === ":=" ? set === false || empty : set === false;
      if (set === undefined || exactValue(value) === undefined) return [...value, ...word()];
      if (!useWord) return value;
      const assigned = word();
      scope.assign(name, assigned);
      return assigned;
    }
    case ":+":
    case "+": {
      const useWord = op.type === ":+" ? set === true && !empty : set === true;
      if (set === undefined || exactValue(value) === undefined) return [[{ text: "" }], ...word()];
      return useWord ? word() : [[{ text: "" }]];
    }
    case ":?":
    case "?":
      return value;
    default:
      return UNKNOWN_VALUE;
  }
}
