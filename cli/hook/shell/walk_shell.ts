/**
 * Walks a parsed command line in the order bash would run it and reports
 * every simple command that could run — in pipelines, lists, subshells,
 * groups, every branch of `if`/`case`, loop bodies (twice, so a value set in
 * one pass is seen by the next), function bodies, substitutions, here-docs
 * and here-strings — with its words expanded in the state the command line
 * has built up so far (assignments, `cd`, functions). Unknown syntax throws
 * UnsupportedShell: the caller denies rather than guess.
 */

import {
  type ExpandedWord,
  expandValue,
  expandWord,
  UnsupportedShell,
  walkSubstitutions,
  type WordContext,
} from "./expand_word.ts";
import type { ShellAssignment, ShellCommand, ShellRedirect, StdinSource } from "./shell_command.ts";
import {
  exactValue,
  knownValue,
  MAX_ALTERNATIVES,
  type ShellScope,
  unionValues,
  UNKNOWN_VALUE,
  type VarValue,
} from "./shell_scope.ts";
import { fieldIsExact, fieldText } from "./shell_word.ts";
import { staticOutput } from "./static_output.ts";
import { HIDDEN_SUBSTITUTION } from "./analyze_eval.ts";
import {
  childByField,
  childrenByField,
  namedChildren,
  nodeText,
  type ParsedShell,
  type SyntaxNode,
} from "./syntax_node.ts";

/** Receives each command as the walk reaches it. */
export type CommandSink = (command: ShellCommand) => void;

/** Where a statement runs: its input, and how it was reached. */
interface Frame {
  readonly stdin: StdinSource;
  readonly via: readonly string[];
  /** The pipe this statement's output goes into, when it is not the last of a pipeline. */
  readonly stdout?: object | undefined;
}

const INHERIT: StdinSource = { kind: "inherit" };
const PIPE: StdinSource = { kind: "pipe" };

/** Builtins that only change the shell's own state and print nothing worth knowing. */
const DECLARATIONS = new Set(["export", "declare", "typeset", "local", "readonly"]);

/** Walks every statement of `parsed`, calling `sink` for each simple command. */
export function walkShell(
  parsed: ParsedShell,
  scope: ShellScope,
  sink: CommandSink,
  via: readonly string[] = [],
  stdin: StdinSource = INHERIT,
): void {
  new Walker(parsed.source, sink).statements(namedChildren(parsed.root), scope, { stdin, via });
}

/** Joins a folder and a path (absolute paths win), resolving `.` and `..`. */
export function resolveIn(cwd: string, path: string): string {
  const parts = (path.startsWith("/") ? path : `${cwd}/${path}`).split("/");
  const out: string[] = [];
  for (const part of parts) {
    if (part === "" || part === ".") continue;
    if (part === "..") out.pop();
    else out.push(part);
  }
  return `/${out.join("/")}`;
}

/** True when a literal string below `node` (outside real substitutions) holds `$(` or a backquote. */
function quotedSubstitution(node: SyntaxNode, source: string): boolean {
  if (node.type === "command_substitution" || node.type === "process_substitution") return false;
  if (
    ["raw_string", "ansi_c_string", "string_content", "word"].includes(node.type) &&
    HIDDEN_SUBSTITUTION.test(nodeText(source, node))
  ) return true;
  return node.children.some((child) => quotedSubstitution(child, source));
}

class Walker {
  constructor(readonly source: string, readonly sink: CommandSink) {}

  text(node: SyntaxNode): string {
    return nodeText(this.source, node);
  }

  context(scope: ShellScope, frame: Frame): WordContext {
    return {
      source: this.source,
      scope,
      substitute: (node) => this.substitution(node, scope, frame),
    };
  }

  /** Walks a substitution's commands in a copy of the scope; returns its output when known. */
  substitution(node: SyntaxNode, scope: ShellScope, frame: Frame): string | undefined {
    const open = this.text(node).slice(0, 2);
    const label = open === "<(" ? "<(…)" : open === ">(" ? ">(…)" : "$(…)";
    const inner = namedChildren(node);
    const forked = scope.fork();
    const seen: ShellCommand[] = [];
    this.statements(inner, forked, {
      stdin: open === ">(" ? PIPE : INHERIT,
      via: [...frame.via, label],
    }, seen);
    if (label !== "$(…)" || seen.length !== 1 || inner.length !== 1) return undefined;
    const only = seen[0]!;
    if (only.redirects.length > 0 || only.words.some((w) => w.fields.length !== 1)) {
      return undefined;
    }
    const argv = only.words.map((w) => w.fields[0]!);
    if (!argv.every(fieldIsExact)) return undefined;
    const cwd = scope.cwd?.length === 1 ? scope.cwd[0] : undefined;
    return staticOutput(argv.map(fieldText), cwd);
  }

  /** Reports a command with a snapshot of the scope it runs in. */
  emit(command: ShellCommand, seen?: ShellCommand[]): void {
    const snapshot = { ...command, scope: command.scope.fork() };
    seen?.push(snapshot);
    this.sink(snapshot);
  }

  statements(
    nodes: readonly SyntaxNode[],
    scope: ShellScope,
    frame: Frame,
    seen?: ShellCommand[],
  ): void {
    for (const node of nodes) this.statement(node, scope, frame, [], seen);
  }

  /** Walks one statement; `redirects` are inherited from an enclosing redirected statement. */
  statement(
    node: SyntaxNode,
    scope: ShellScope,
    frame: Frame,
    redirects: readonly SyntaxNode[],
    seen?: ShellCommand[],
  ): void {
    switch (node.type) {
      case "comment":
        return;
      case "command":
        this.command(node, scope, frame, redirects, [], seen);
        return;
      case "declaration_command":
      case "unset_command":
        this.declaration(node, scope, frame, redirects, seen);
        return;
      case "variable_assignment":
      case "variable_assignments":
        this.bareAssignments(node, scope, frame, redirects, seen);
        return;
      case "redirected_statement":
        this.redirected(node, scope, frame, redirects, seen);
        return;
      case "file_redirect":
      case "herestring_redirect":
      case "heredoc_redirect":
        this.redirected(
          { ...node, type: "redirected_statement", children: [{ ...node, field: "redirect" }] },
          scope,
          frame,
          redirects,
          seen,
        );
        return;
      case "pipeline":
        this.pipeline(namedChildren(node), scope, frame, redirects, seen);
        return;
      case "list":
        this.list(node, scope, frame, redirects, seen);
        return;
      case "negated_command":
        this.statements(namedChildren(node), scope, frame, seen);
        return;
      case "subshell":
        this.group(namedChildren(node), scope.fork(), frame, redirects, seen);
        return;
      case "compound_statement":
      case "do_group":
        this.group(namedChildren(node), scope, frame, redirects, seen);
        return;
      case "if_statement":
        this.ifStatement(node, scope, frame, redirects, seen);
        return;
      case "while_statement":
        this.loop(
          childrenByField(node, "condition").filter((c) => c.named),
          childByField(node, "body"),
          scope,
          frame,
          redirects,
          seen,
        );
        return;
      case "for_statement":
        this.forStatement(node, scope, frame, redirects, seen);
        return;
      case "c_style_for_statement": {
        const ctx = this.context(scope, frame);
        for (const f of ["initializer", "condition", "update"]) {
          for (const part of childrenByField(node, f)) walkSubstitutions(part, ctx);
        }
        this.loop([], childByField(node, "body"), scope, frame, redirects, seen);
        return;
      }
      case "case_statement":
        this.caseStatement(node, scope, frame, redirects, seen);
        return;
      case "function_definition":
        this.functionDefinition(node, scope, frame, seen);
        return;
      case "test_command": {
        // `[[ -v 'a[$(id)]' ]]`, `[[ x -eq 'a[$(id)]' ]]`: bash evaluates the quoted subscript.
        if (quotedSubstitution(node, this.source)) {
          throw new UnsupportedShell(
            "a quoted command substitution inside a test (bash may evaluate it as an array subscript)",
          );
        }
        const { frame: inner } = this.applyRedirects(redirects, scope, frame, seen);
        walkSubstitutions(node, this.context(scope, inner));
        return;
      }
      default:
        throw new UnsupportedShell(`unsupported shell syntax: ${node.type}`);
    }
  }

  /** A group of statements sharing redirections (`{ …; } > f`, `( … ) < f`, loop bodies). */
  group(
    nodes: readonly SyntaxNode[],
    scope: ShellScope,
    frame: Frame,
    redirects: readonly SyntaxNode[],
    seen?: ShellCommand[],
  ): void {
    const { frame: inner } = this.applyRedirects(redirects, scope, frame, seen);
    this.statements(nodes, scope, inner, seen);
  }

  /**
   * Judges redirections that apply to a whole compound statement: they are
   * reported as a command without words, and an input redirection becomes
   * the group's standard input.
   */
  applyRedirects(
    redirects: readonly SyntaxNode[],
    scope: ShellScope,
    frame: Frame,
    seen?: ShellCommand[],
  ): { frame: Frame } {
    if (redirects.length === 0) return { frame };
    const parsed = this.redirects(redirects, scope, frame);
    this.emit({
      words: [],
      assignments: [],
      redirects: parsed.redirects,
      stdin: parsed.stdin ?? frame.stdin,
      via: frame.via,
      stdout: frame.stdout,
      scope,
    }, seen);
    return { frame: { ...frame, stdin: parsed.stdin ?? frame.stdin } };
  }

  pipeline(
    elements: readonly SyntaxNode[],
    scope: ShellScope,
    frame: Frame,
    redirects: readonly SyntaxNode[],
    seen?: ShellCommand[],
  ): void {
    let previous: object | undefined;
    elements.forEach((element, i) => {
      const stdin: StdinSource = i === 0 ? frame.stdin : { kind: "pipe", from: previous };
      const last = i === elements.length - 1;
      // Trailing redirections of a pipeline belong to its last command.
      const own = last ? redirects : [];
      // A token naming this element's output, so the next one knows what feeds it.
      const stdout = last ? frame.stdout : {};
      this.statement(element, scope.fork(), { ...frame, stdin, stdout }, own, seen);
      previous = stdout;
    });
  }

  list(
    node: SyntaxNode,
    scope: ShellScope,
    frame: Frame,
    redirects: readonly SyntaxNode[],
    seen?: ShellCommand[],
  ): void {
    // `a && b || c` nests to the left; walk the spine without recursing (chains can be long).
    const rights: SyntaxNode[] = [];
    let left: SyntaxNode = node;
    while (left.type === "list") {
      const parts = namedChildren(left);
      if (parts.length !== 2) throw new UnsupportedShell("unsupported list shape");
      rights.push(parts[1]!);
      left = parts[0]!;
    }
    this.statement(left, scope, frame, [], seen);
    rights.reverse().forEach((right, i) => {
      // Each later part may or may not run; the outer redirections belong to the last one.
      const branch = scope.fork();
      this.statement(right, branch, frame, i === rights.length - 1 ? redirects : [], seen);
      scope.mergeMaybe(branch);
    });
  }

  ifStatement(
    node: SyntaxNode,
    scope: ShellScope,
    frame: Frame,
    redirects: readonly SyntaxNode[],
    seen?: ShellCommand[],
  ): void {
    const { frame: inner } = this.applyRedirects(redirects, scope, frame, seen);
    const conditions = childrenByField(node, "condition").filter((c) => c.named);
    this.statements(conditions, scope, inner, seen);
    const body = namedChildren(node).filter((c) =>
      c.field === null && c.type !== "elif_clause" && c.type !== "else_clause"
    );
    const branches: ShellScope[] = [];
    const thenScope = scope.fork();
    this.statements(body, thenScope, inner, seen);
    branches.push(thenScope);
    let current = scope;
    for (
      const clause of namedChildren(node).filter((c) =>
        c.type === "elif_clause" || c.type === "else_clause"
      )
    ) {
      const branch = current.fork();
      if (clause.type === "elif_clause") {
        const conds = childrenByField(clause, "condition").filter((c) => c.named);
        this.statements(conds, branch, inner, seen);
        const rest = namedChildren(clause).filter((c) => c.field !== "condition");
        const bodyScope = branch.fork();
        this.statements(rest, bodyScope, inner, seen);
        branches.push(bodyScope);
        current = branch;
      } else {
        this.statements(namedChildren(clause), branch, inner, seen);
        branches.push(branch);
      }
    }
    for (const b of branches) scope.mergeMaybe(b);
  }

  loop(
    conditions: readonly SyntaxNode[],
    body: SyntaxNode | undefined,
    scope: ShellScope,
    frame: Frame,
    redirects: readonly SyntaxNode[],
    seen?: ShellCommand[],
    bind?: () => void,
  ): void {
    const { frame: inner } = this.applyRedirects(redirects, scope, frame, seen);
    // Twice: what one pass assigns, the next pass (and its condition) may use.
    for (let pass = 0; pass < 2; pass++) {
      this.statements(conditions, scope, inner, seen);
      bind?.call(undefined);
      const branch = scope.fork();
      if (body !== undefined) this.statement(body, branch, inner, [], seen);
      scope.mergeMaybe(branch);
    }
  }

  forStatement(
    node: SyntaxNode,
    scope: ShellScope,
    frame: Frame,
    redirects: readonly SyntaxNode[],
    seen?: ShellCommand[],
  ): void {
    const variable = childByField(node, "variable");
    const values = childrenByField(node, "value");
    const ctx = this.context(scope, frame);
    let value: VarValue | undefined;
    if (values.length === 0) {
      value = UNKNOWN_VALUE;
    } else {
      for (const v of values) {
        const word = expandWord(v, ctx);
        for (const field of word.fields) {
          const alt: VarValue = fieldIsExact(field) ? knownValue(fieldText(field)) : UNKNOWN_VALUE;
          value = value === undefined ? alt : unionValues(value, alt);
        }
      }
    }
    const name = variable === undefined ? undefined : this.text(variable);
    this.loop([], childByField(node, "body"), scope, frame, redirects, seen, () => {
      if (name !== undefined) scope.assign(name, value ?? knownValue(""));
    });
  }

  caseStatement(
    node: SyntaxNode,
    scope: ShellScope,
    frame: Frame,
    redirects: readonly SyntaxNode[],
    seen?: ShellCommand[],
  ): void {
    const { frame: inner } = this.applyRedirects(redirects, scope, frame, seen);
    const ctx = this.context(scope, inner);
    const value = childByField(node, "value");
    if (value !== undefined) walkSubstitutions({ ...value, children: [value] }, ctx);
    for (const item of namedChildren(node).filter((c) => c.type === "case_item")) {
      for (const pattern of childrenByField(item, "value")) {
        walkSubstitutions({ ...pattern, children: [pattern] }, ctx);
      }
      const branch = scope.fork();
      this.statements(namedChildren(item).filter((c) => c.field !== "value"), branch, inner, seen);
      scope.mergeMaybe(branch);
    }
  }

  functionDefinition(
    node: SyntaxNode,
    scope: ShellScope,
    frame: Frame,
    seen?: ShellCommand[],
  ): void {
    const nameNode = childByField(node, "name");
    const name = nameNode === undefined ? "" : this.text(nameNode);
    scope.functions.add(name);
    const body = childByField(node, "body");
    const redirects = childrenByField(node, "redirect");
    // The body is judged as if it ran: a function defined here is usually called here.
    if (body !== undefined) {
      this.statement(
        body,
        scope.fork(),
        { ...frame, via: [...frame.via, `function ${name}`] },
        redirects,
        seen,
      );
    }
  }

  /** Splits a redirected statement into its body, its redirections and what a here-doc's line continues with. */
  redirected(
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
        this.applyRedirects(all, bodyScope, bodyFrame, seen);
      } else if (body.type === "command") {
        this.command(body, bodyScope, bodyFrame, all, extraArgs, seen);
      } else {
        if (extraArgs.length > 0) {
          throw new UnsupportedShell("arguments after a here-document on a compound command");
        }
        this.statement(body, bodyScope, bodyFrame, all, seen);
      }
    };
    if (pipeline !== undefined) {
      runBody(scope.fork(), frame);
      this.pipeline(namedChildren(pipeline), scope, { ...frame, stdin: PIPE }, [], seen);
    } else {
      runBody(scope, frame);
    }
    if (listRight !== undefined) {
      const branch = scope.fork();
      this.statement(listRight, branch, frame, [], seen);
      scope.mergeMaybe(branch);
    }
  }

  /** Parses redirection nodes; returns them and the standard input they set, if any. */
  redirects(
    nodes: readonly SyntaxNode[],
    scope: ShellScope,
    frame: Frame,
  ): { redirects: ShellRedirect[]; stdin?: StdinSource } {
    const ctx = this.context(scope, frame);
    const out: ShellRedirect[] = [];
    let stdin: StdinSource | undefined;
    for (const node of nodes) {
      const fdNode = childByField(node, "descriptor");
      const fd = fdNode === undefined ? null : Number(this.text(fdNode));
      const op = node.children.find((c) => !c.named)?.type ?? "";
      if (node.type === "heredoc_redirect") {
        const start = node.children.find((c) => c.type === "heredoc_start");
        const bodyNode = node.children.find((c) => c.type === "heredoc_body");
        const quotedDelimiter = start !== undefined && /['"\\]/.test(this.text(start));
        let text = bodyNode === undefined ? "" : this.text(bodyNode);
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
      const destText = dest === undefined ? "" : this.text(dest);
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

  assignments(
    nodes: readonly SyntaxNode[],
    ctx: WordContext,
    kind: ShellAssignment["kind"],
  ): ShellAssignment[] {
    return nodes.map((node) => {
      const nameNode = childByField(node, "name");
      const valueNode = childByField(node, "value");
      const name = nameNode === undefined ? "" : this.text(
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

  bareAssignments(
    node: SyntaxNode,
    scope: ShellScope,
    frame: Frame,
    redirects: readonly SyntaxNode[],
    seen?: ShellCommand[],
  ): void {
    const ctx = this.context(scope, frame);
    const nodes = node.type === "variable_assignment"
      ? [node]
      : namedChildren(node).filter((c) => c.type === "variable_assignment");
    const assignments = this.assignments(nodes, ctx, "plain");
    const parsed = this.redirects(redirects, scope, frame);
    this.emit({
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

  /** `export`, `declare`, `local`, `readonly`, `typeset`, `unset`. */
  declaration(
    node: SyntaxNode,
    scope: ShellScope,
    frame: Frame,
    redirects: readonly SyntaxNode[],
    seen?: ShellCommand[],
  ): void {
    const ctx = this.context(scope, frame);
    const keyword = node.children[0];
    const name = keyword === undefined ? "" : this.text(keyword);
    const words: ExpandedWord[] = [literalWord(name)];
    const assignmentNodes: SyntaxNode[] = [];
    const names: string[] = [];
    for (const child of namedChildren(node)) {
      if (child.type === "variable_assignment") assignmentNodes.push(child);
      else if (child.type === "variable_name") names.push(this.text(child));
      else words.push(expandWord(child, ctx));
    }
    const assignments = this.assignments(assignmentNodes, ctx, "declare");
    const parsed = this.redirects(redirects, scope, frame);
    this.emit({
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

  /** One simple command. */
  command(
    node: SyntaxNode,
    scope: ShellScope,
    frame: Frame,
    outer: readonly SyntaxNode[],
    extraArgs: readonly SyntaxNode[],
    seen?: ShellCommand[],
  ): void {
    const ctx = this.context(scope, frame);
    const assignmentNodes = node.children.filter((c) => c.type === "variable_assignment");
    const nameNode = childByField(node, "name");
    const redirectNodes = [...childrenByField(node, "redirect"), ...outer];
    const argNodes = [...childrenByField(node, "argument"), ...extraArgs];
    const assignments = this.assignments(
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
    const parsed = this.redirects(redirectNodes, scope, frame);
    this.emit({
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
    this.builtinEffects(words, scope);
  }

  /** What builtins change in the shell's state: the folder, and variables set by `read` and friends. */
  builtinEffects(words: readonly ExpandedWord[], scope: ShellScope): void {
    const name = words[0]?.fields[0];
    if (name === undefined || !fieldIsExact(name)) return;
    const cmd = fieldText(name);
    const args = words.slice(1).flatMap((w) => w.fields);
    if (cmd === "cd" || cmd === "pushd") {
      const operands = args.filter((f) => !/^-[LPe@]+$/.test(fieldText(f)));
      const target = operands[0];
      const home = exactValue(scope.lookup("HOME"));
      if (target === undefined) {
        scope.cwd = cmd === "cd" && home !== undefined ? [home] : null;
      } else if (fieldIsExact(target) && fieldText(target) !== "-" && scope.cwd !== null) {
        const to = fieldText(target);
        // A cd may fail and leave the shell where it was: keep both.
        const all = [...new Set([...scope.cwd, ...scope.cwd.map((c) => resolveIn(c, to))])];
        scope.cwd = all.length > MAX_ALTERNATIVES ? null : all;
      } else {
        scope.cwd = null;
      }
      return;
    }
    if (cmd === "popd") {
      scope.cwd = null;
      return;
    }
    if (
      cmd === "read" || cmd === "mapfile" || cmd === "readarray" || cmd === "getopts" ||
      cmd === "printf"
    ) {
      // Every name-looking operand may receive a value nobody can know in advance.
      for (const f of args) {
        const t = fieldText(f);
        if (/^[A-Za-z_][A-Za-z0-9_]*$/.test(t)) scope.assign(t, UNKNOWN_VALUE);
      }
    }
  }
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
