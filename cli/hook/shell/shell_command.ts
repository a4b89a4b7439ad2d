/**
 * One simple command the walker found in a command line: what would run,
 * with its words expanded, its assignments, its redirections and the context
 * it runs in. The rules judge these records, never the raw text.
 */

import type { ExpandedWord } from "./expand_word.ts";
import type { ShellScope, VarValue } from "./shell_scope.ts";

/** How a redirection touches its target. */
export type RedirectAccess = "read" | "write" | "none";

/** One redirection (`< f`, `3< f`, `>> log`, `&> out`, `2>&1`, here-docs…). */
export interface ShellRedirect {
  /** The descriptor written before the operator (`3` in `3< f`), if any. */
  readonly fd: number | null;
  /** The operator as written: `<`, `>`, `>>`, `&>`, `&>>`, `>|`, `<>`, `<&`, `>&`, `<<`, `<<-`, `<<<`. */
  readonly op: string;
  /** `read` or `write` for a file target; `none` for descriptor copies, here-docs and here-strings. */
  readonly access: RedirectAccess;
  /** The file named, for file redirections. */
  readonly target: ExpandedWord | null;
}

/** Where a command's standard input comes from. */
export type StdinSource =
  /** Whatever the shell itself was given (the Bash tool gives no input). */
  | { readonly kind: "inherit" }
  /**
   * The output of an earlier command in a pipeline; `from` is the token of
   * the pipeline element that writes it (ShellCommand.stdout), when known.
   */
  | { readonly kind: "pipe"; readonly from?: object | undefined }
  /** A file (`< f`). */
  | { readonly kind: "file"; readonly target: ExpandedWord }
  /** A here-document: its text, and whether it is literal (quoted delimiter, or no expansion in it). */
  | { readonly kind: "heredoc"; readonly text: string; readonly literal: boolean }
  /** A here-string (`<<< word`). */
  | { readonly kind: "herestring"; readonly value: VarValue; readonly literal: boolean };

/** A variable assignment attached to a command or standing alone. */
export interface ShellAssignment {
  readonly name: string;
  readonly value: VarValue;
  /** `prefix` (`X=1 cmd`), `plain` (`X=1` alone) or `declare` (`export X=1`, `declare -x X=1`…). */
  readonly kind: "prefix" | "plain" | "declare";
}

/** One simple command that could run. */
export interface ShellCommand {
  /** The command's words, expanded; the first is the command name. Empty for a bare assignment or redirection. */
  readonly words: readonly ExpandedWord[];
  readonly assignments: readonly ShellAssignment[];
  readonly redirects: readonly ShellRedirect[];
  readonly stdin: StdinSource;
  /** How this command was reached, outermost first: `$(…)`, `<(…)`, `function f`, `bash -c`, `find -exec`… */
  readonly via: readonly string[];
  /** The token of the pipe its output goes into, when a later pipeline element reads it. */
  readonly stdout?: object | undefined;
  /** The analysis state when the command runs (its folder, its variables). */
  readonly scope: ShellScope;
}
