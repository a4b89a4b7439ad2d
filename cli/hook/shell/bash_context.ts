/**
 * What deciding a Bash command needs from its caller: the parser, the working
 * folder and environment, and the judges of paths, trees and commands. Its own
 * module so the analysis and its command handlers share it without importing
 * the decision that drives them.
 */
import type { CommandJudge, PathJudge, RuleMode, Verdict } from "../verdict.ts";
import type { ListDir } from "./expand_globs.ts";
import type { ShellParser } from "./shell_parser.ts";

/**
 * Judges a recursive read of `dir`; `include` selects the files below it
 * (relative paths) that are read, `enter` the folders the reader descends into.
 */
export type TreeJudge = (
  dir: string,
  cwd: string,
  include?: (relative: string) => boolean,
  enter?: (relative: string) => boolean,
) => Verdict;

/** What deciding a Bash command needs. */
export interface BashContext {
  /** The parser (see parserFor, loadShellParser): compiled once per process. */
  readonly parser: ShellParser;
  /** The tool call's working folder. */
  readonly cwd: string;
  /** The environment the command will see (the hook inherits the agent's): HOME, PATH… */
  readonly env: Readonly<Record<string, string>>;
  readonly judgePath: PathJudge;
  /**
   * Judges a recursive read of a folder (`grep -r`, `rg`, `tar c`, `cp -r`, a
   * `find -exec` reader): denied when a file below it that `include` selects
   * is protected. See PathPolicy.judgeTree.
   */
  readonly judgeTree: TreeJudge;
  readonly judgeCommand: CommandJudge;
  /** Lists a folder, for matching glob patterns and unknown values against real files. */
  readonly listDir?: ListDir;
  /** Rules a manifest may soften to "ask". */
  readonly modes: { readonly inlineCode: RuleMode };
}
