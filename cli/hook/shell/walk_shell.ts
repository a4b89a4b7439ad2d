/**
 * Walks a parsed command line in the order bash would run it and reports
 * every simple command that could run — in pipelines, lists, subshells,
 * groups, every branch of `if`/`case`, loop bodies (twice, so a value set in
 * one pass is seen by the next), function bodies, substitutions, here-docs
 * and here-strings — with its words expanded in the state the command line
 * has built up so far (assignments, `cd`, functions). Unknown syntax throws
 * UnsupportedShell: the caller denies rather than guess.
 */

import { UnsupportedShell, type WordContext } from "./expand_word.ts";
import { parseRedirects } from "./parse_redirects.ts";
import type { ShellCommand, StdinSource } from "./shell_command.ts";
import type { ShellScope } from "./shell_scope.ts";
import { fieldIsExact, fieldText } from "./shell_word.ts";
import { staticOutput } from "./static_output.ts";
import {
  childByField,
  childrenByField,
  namedChildren,
  nodeText,
  type ParsedShell,
  type SyntaxNode,
} from "./syntax_node.ts";
import { type CommandSink, type Frame, INHERIT, PIPE, type StatementWalker } from "./walk_frame.ts";
import { walkCase, walkCStyleFor, walkFor, walkIf, walkLoop, walkTest } from "./walk_compound.ts";
import { walkBareAssignments, walkCommand, walkDeclaration } from "./walk_simple_command.ts";
import { walkRedirected } from "./walk_redirected.ts";

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

/** The walk's state: the command line and the sink; statements dispatch to their handlers. */
class Walker implements StatementWalker {
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
        walkCommand(this, node, scope, frame, redirects, [], seen);
        return;
      case "declaration_command":
      case "unset_command":
        walkDeclaration(this, node, scope, frame, redirects, seen);
        return;
      case "variable_assignment":
      case "variable_assignments":
        walkBareAssignments(this, node, scope, frame, redirects, seen);
        return;
      case "redirected_statement":
        walkRedirected(this, node, scope, frame, redirects, seen);
        return;
      case "file_redirect":
      case "herestring_redirect":
      case "heredoc_redirect":
        walkRedirected(
          this,
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
        walkIf(this, node, scope, frame, redirects, seen);
        return;
      case "while_statement":
        walkLoop(
          this,
          childrenByField(node, "condition").filter((c) => c.named),
          childByField(node, "body"),
          scope,
          frame,
          redirects,
          seen,
        );
        return;
      case "for_statement":
        walkFor(this, node, scope, frame, redirects, seen);
        return;
      case "c_style_for_statement":
        walkCStyleFor(this, node, scope, frame, redirects, seen);
        return;
      case "case_statement":
        walkCase(this, node, scope, frame, redirects, seen);
        return;
      case "function_definition":
        this.functionDefinition(node, scope, frame, seen);
        return;
      case "test_command":
        walkTest(this, node, scope, frame, redirects, seen);
        return;
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
    const parsed = parseRedirects(redirects, this.context(scope, frame));
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
}
