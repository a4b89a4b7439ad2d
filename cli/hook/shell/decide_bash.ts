/**
 * The Bash tool's decision: parse the command line, walk every simple
 * command that could run, peel wrappers (`env`, `timeout`, `sudo`, `xargs`,
 * `find -exec`…), follow `sh -c` strings, and judge what each command would
 * do — the files it reads and writes, the binary it runs, the code it runs
 * inline, the variables it sets. The strictest verdict wins; anything the
 * analysis cannot follow, or that throws, denies.
 */

import { denied, strictest, type Verdict } from "../verdict.ts";
import type { BashContext } from "./bash_context.ts";
import { UnsupportedShell } from "./expand_word.ts";
import { ShellScope } from "./shell_scope.ts";
import { Stop } from "./shell_arg.ts";
import { Analysis } from "./shell_analysis.ts";
export { MAX_SHELL_NESTING } from "./shell_arg.ts";

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
