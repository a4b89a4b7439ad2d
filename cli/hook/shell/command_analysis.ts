/**
 * What a command handler (the analyze_*.ts files) may do to the command line
 * under analysis: add verdicts, judge operands, paths and trees, run nested
 * shell strings and peeled commands. Handlers take this narrow view, not the
 * Analysis class, so the class can call them without an import cycle.
 */
import type { PathAccess, Verdict } from "../verdict.ts";
import type { BashContext } from "./bash_context.ts";
import type { Arg } from "./shell_arg.ts";
import type { ShellCommand, StdinSource } from "./shell_command.ts";
import type { ShellScope } from "./shell_scope.ts";

/** A predicate over a path relative to a searched folder. */
export type TreeFilter = (relative: string) => boolean;

/** Judges the file names a listing command prints (the files below its folders that it selects). */
export type Listing = () => Verdict;

/** One Bash command line under analysis, as its command handlers see it. */
export interface CommandAnalysis {
  /** The caller's context (the environment, the judges). */
  readonly ctx: BashContext;
  /** Set by the handler of the command being analysed when it prints file names only. */
  listing: Listing | null;
  /** Records a verdict; a deny stops the analysis. */
  add(verdict: Verdict): void;
  /** Records a deny under `rule` (and stops the analysis). */
  deny(rule: string, reason: string): void;
  /** Records inline code that cannot be checked (denied or asked, per the manifest). */
  inline(reason: string): void;
  /** Parses and analyses `source` as a nested shell string. */
  run(
    source: string,
    scope: ShellScope,
    via: readonly string[],
    stdin: StdinSource,
    depth: number,
  ): void;
  /** Records `ln -s TARGET LINK`, so later paths through LINK are judged where it points. */
  plannedLink(link: string, target: string, scope: ShellScope): void;
  /** Judges one path given as plain text. */
  pathText(text: string, access: PathAccess, scope: ShellScope): void;
  /** True when `arg` names a file written earlier in this command line. */
  writtenNow(arg: Arg, scope: ShellScope): boolean;
  /** What the pipe feeding `stdin` carries: a listing check, or null when unknown. */
  pipeListing(stdin: StdinSource): Listing | null;
  /** Judges a recursive read of the folder `arg` names. */
  tree(arg: Arg, scope: ShellScope, include?: TreeFilter, enter?: TreeFilter): void;
  /** The verdicts of a recursive read of `arg` (see tree), without adding them. */
  treeVerdicts(arg: Arg, scope: ShellScope, include?: TreeFilter, enter?: TreeFilter): Verdict[];
  /** Judges one command invocation (after wrappers are peeled, recursively). */
  invoke(argv: readonly Arg[], cmd: ShellCommand, stdin: StdinSource, depth: number): void;
  /** Runs a shell string (`sh -c`, `trap`) through the same analysis, if it is known. */
  shellString(code: Arg, cmd: ShellCommand, depth: number, label: string): void;
  /** Judges the file in `@file`, `name=@file` or `name=<file` (curl and friends read it). */
  fileReference(arg: Arg, scope: ShellScope): void;
  /** Judges one operand as a file (its text, or the path part of `--opt=path`, `key=path`, `@path`). */
  operand(arg: Arg, access: PathAccess, scope: ShellScope): void;
}
