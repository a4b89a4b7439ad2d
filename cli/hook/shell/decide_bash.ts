/**
 * The Bash tool's decision: parse the command line, walk every simple
 * command that could run, peel wrappers (`env`, `timeout`, `sudo`, `xargs`,
 * `find -exec`…), follow `sh -c` strings, and judge what each command would
 * do — the files it reads and writes, the binary it runs, the code it runs
 * inline, the variables it sets. The strictest verdict wins; anything the
 * analysis cannot follow, or that throws, denies.
 */

import {
  type CommandJudge,
  denied,
  type PathJudge,
  type RuleMode,
  strictest,
  type Verdict,
} from "../verdict.ts";
import type { ListDir } from "./expand_globs.ts";

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
import { UnsupportedShell } from "./expand_word.ts";
import type { ShellParser } from "./shell_parser.ts";
import { ShellScope } from "./shell_scope.ts";
import { Stop } from "./shell_arg.ts";
import { Analysis } from "./shell_analysis.ts";
export { MAX_SHELL_NESTING } from "./shell_arg.ts";

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

/**
 * Decides one Bash tool call. Never throws: a syntax error, unsupported
 * syntax or an internal failure denies.
 */
export function decideBash(command: string, context: BashContext): Verdict {
  const analysis = new Analysis(context);
  try {
    analysis.run(command, new ShellScope(context.env, [context.cwd]), [], { kind: "inherit" }, 0);
  } catch (error) {
    if (!(error instanceof Stop)) {
      if (error instanceof UnsupportedShell) {
        analysis.verdicts.push(
          denied("shell.unsupported", `${error.message}; rewrite the command more plainly`),
        );
      } else if (error instanceof RangeError) {
        analysis.verdicts.push(
          denied("shell.too_complex", `the command expands too far to check (${error.message})`),
        );
      } else {
        analysis.verdicts.push(
          denied("shell.internal_error", `the shell check failed: ${String(error)}`),
        );
      }
    }
  }
  return strictest(analysis.verdicts);
}
