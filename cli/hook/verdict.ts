/**
 * The answer of every in-bottle policy check. The hook turns it into Claude
 * Code's PreToolUse output: a deny or ask carries a stable dotted rule code
 * (written to the audit log) and one line of plain words that the model reads
 * as the tool's error result.
 */

/** What the hook tells Claude Code to do with one tool call. */
export type Verdict =
  | { readonly action: "allow" }
  | {
    readonly action: "deny" | "ask";
    /** Stable dotted code, e.g. `path.denied`, `shell.pipe_to_shell`. */
    readonly rule: string;
    /** Plain words for the model: what was refused and why. */
    readonly reason: string;
  };

/** The one allow value. */
export const ALLOWED: Verdict = { action: "allow" };

/** Builds a deny verdict. */
export function denied(rule: string, reason: string): Verdict {
  return { action: "deny", rule, reason };
}

/** Builds an ask verdict (Claude Code asks the user, or refuses when no one can answer). */
export function asked(rule: string, reason: string): Verdict {
  return { action: "ask", rule, reason };
}

/** Verdicts for the modes a manifest can pick for a rule that is not a plain deny. */
export type RuleMode = "deny" | "ask";

/** Builds a deny or an ask, as the rule's mode says. */
export function refused(mode: RuleMode, rule: string, reason: string): Verdict {
  return mode === "ask" ? asked(rule, reason) : denied(rule, reason);
}

/** The most severe of several verdicts: any deny wins over any ask, any ask over allow. */
export function strictest(verdicts: Iterable<Verdict>): Verdict {
  let result: Verdict = ALLOWED;
  for (const verdict of verdicts) {
    if (verdict.action === "deny") return verdict;
    if (verdict.action === "ask" && result.action === "allow") result = verdict;
  }
  return result;
}

/** How a path is touched: reads are denied on the read list, writes on both lists. */
export type PathAccess = "read" | "write";

/**
 * Judges one path a tool or command touches. `path` is as written (may be
 * relative, may start with `~`); `cwd` is the tool call's working directory.
 * Implemented by the path policy (cli/hook/paths/); the shell analysis calls it
 * for every redirection target and every argument that may name a file.
 */
export type PathJudge = (path: string, access: PathAccess, cwd: string) => Verdict;

/**
 * Judges one command name about to be executed (after wrappers are peeled):
 * binary identity — resolved through the bottle's PATH and checked against
 * the image's hash manifest or the trust-on-first-use store.
 */
export type CommandJudge = (name: string, cwd: string) => Verdict;
