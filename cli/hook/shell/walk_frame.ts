/**
 * What the pieces of the shell walk share: the frame a statement runs in (its
 * input, how it was reached, where its output goes) and the walker's steps the
 * statement handlers call back into. The handlers take the StatementWalker
 * view, not the Walker class, so the class can call them without an import cycle.
 */
import type { WordContext } from "./expand_word.ts";
import type { ShellCommand, StdinSource } from "./shell_command.ts";
import type { ShellScope } from "./shell_scope.ts";
import type { SyntaxNode } from "./syntax_node.ts";

/** Receives each command as the walk reaches it. */
export type CommandSink = (command: ShellCommand) => void;

/** Where a statement runs: its input, and how it was reached. */
export interface Frame {
  readonly stdin: StdinSource;
  readonly via: readonly string[];
  /** The pipe this statement's output goes into, when it is not the last of a pipeline. */
  readonly stdout?: object | undefined;
}

/** Standard input inherited from the enclosing statement. */
export const INHERIT: StdinSource = { kind: "inherit" };
/** Standard input from a pipe of unknown origin. */
export const PIPE: StdinSource = { kind: "pipe" };

/** The walker's steps a statement handler may call. */
export interface StatementWalker {
  /** The command line being walked. */
  readonly source: string;
  /** The word-expansion context of a statement in `scope` and `frame`. */
  context(scope: ShellScope, frame: Frame): WordContext;
  /** Reports a command with a snapshot of the scope it runs in. */
  emit(command: ShellCommand, seen?: ShellCommand[]): void;
  /** Walks statements in order. */
  statements(
    nodes: readonly SyntaxNode[],
    scope: ShellScope,
    frame: Frame,
    seen?: ShellCommand[],
  ): void;
  /** Walks one statement; `redirects` are inherited from an enclosing redirected statement. */
  statement(
    node: SyntaxNode,
    scope: ShellScope,
    frame: Frame,
    redirects: readonly SyntaxNode[],
    seen?: ShellCommand[],
  ): void;
  /** Walks a pipeline's elements, each reading the previous one's output. */
  pipeline(
    elements: readonly SyntaxNode[],
    scope: ShellScope,
    frame: Frame,
    redirects: readonly SyntaxNode[],
    seen?: ShellCommand[],
  ): void;
  /** Judges redirections that apply to a whole compound statement (see Walker.applyRedirects). */
  applyRedirects(
    redirects: readonly SyntaxNode[],
    scope: ShellScope,
    frame: Frame,
    seen?: ShellCommand[],
  ): { frame: Frame };
}
