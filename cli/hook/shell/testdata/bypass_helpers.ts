/** Shared by the bypass-class tests: decide a command over the corpus fakes, and its rule. */

import type { Verdict } from "../../verdict.ts";
import { fakeBashContext } from "./corpus_fakes.ts";
import type { BashContext } from "../bash_context.ts";
import { decideBash } from "../decide_bash.ts";
import { loadShellParser } from "../load_shell_parser.ts";

const parser = await loadShellParser();

/** The rule of the verdict for `command` ("allow" when allowed). */
export function ruleOf(command: string, over: Partial<BashContext> = {}): string {
  const verdict: Verdict = decideBash(command, { ...fakeBashContext(parser), ...over });
  return verdict.action === "allow" ? "allow" : verdict.rule;
}
