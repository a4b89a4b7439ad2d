/**
 * The Bash analysis of `git`: settings given on the command line (only
 * display and identity keys pass: a setting may name a program, a hook
 * folder or a pager), options that point git at another repository or
 * program folder, subcommands that run a command (`rebase --exec`,
 * `grep --open-files-in-pager`, `bisect run`, `submodule foreach`…), and
 * the paths its subcommands read.
 */

import { gitConfigRisk } from "./inline_code.ts";
import type { ShellScope } from "./shell_scope.ts";
import type { Arg } from "./shell_arg.ts";
import type { CommandAnalysis } from "./command_analysis.ts";

/** Keys `git -c` may set: colours, identity, advice and output details, which run nothing. */
const SAFE_CONFIG =
  /^(color\.[\w.-]+|user\.(name|email)|author\.(name|email)|committer\.(name|email)|advice\.[\w.-]+|core\.quotepath|init\.defaultbranch|commit\.gpgsign|tag\.gpgsign|log\.[\w.-]+|diff\.(renames|algorithm|noprefix|mnemonicprefix|context|statgraphwidth)|pull\.(rebase|ff)|merge\.conflictstyle|column\.ui|i18n\.[\w.-]+|protocol\.version|gc\.auto|maintenance\.auto)$/i;

/** Why a git subcommand with these arguments runs a command of the caller's choosing, or undefined. */
export function subcommandRuns(sub: string | undefined, rest: readonly Arg[]): string | undefined {
  const texts = rest.map((a) => a.text);
  const any = (re: RegExp) => texts.some((t) => re.test(t));
  switch (sub) {
    case "rebase":
      if (any(/^(-x|--exec)(=|$)|^-[a-zA-Z]*x/)) return "git rebase --exec runs a shell command";
      return undefined;
    case "grep":
      if (any(/^(-O|--open-files-in-pager)/)) {
        return "git grep --open-files-in-pager runs a program on the files";
      }
      return undefined;
    case "bisect":
      return texts[0] === "run" ? "git bisect run runs a command" : undefined;
    case "submodule":
      return texts.includes("foreach") ? "git submodule foreach runs a shell command" : undefined;
    case "filter-branch":
      return "git filter-branch runs shell filters";
    case "difftool":
    case "mergetool":
      return any(/^(-x|--extcmd|-t|--tool)(=|$)/)
        ? `git ${sub} --extcmd/--tool runs a program`
        : undefined;
    case "send-email":
      return any(/^--(sendmail-cmd|smtp-server|to-cmd|cc-cmd|header-cmd)/)
        ? "git send-email options that run a program"
        : undefined;
    case "archive":
    case "fetch":
    case "pull":
    case "clone":
    case "push":
    case "ls-remote":
      return any(/^--(upload-pack|receive-pack|exec)(=|$)|^-u$/)
        ? `git ${sub} option names a program to run`
        : undefined;
    default:
      return undefined;
  }
}

/** Analyses `git`: its config overrides that run code, and the paths its subcommands touch. */
export function analyzeGit(
  analysis: CommandAnalysis,
  args: readonly Arg[],
  scope: ShellScope,
): void {
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    const t = a.text;
    if (!t.startsWith("-")) break;
    if (t === "-c" || t === "--config-env" || t.startsWith("--config-env=")) {
      const setting = t === "-c" ? args[i + 1] : undefined;
      if (t === "-c" || t === "--config-env") i++;
      const eq = setting?.text.indexOf("=") ?? -1;
      const key = setting === undefined ? "" : eq === -1 ? setting.text : setting.text.slice(0, eq);
      const risk = setting === undefined
        ? "git --config-env sets a setting from a variable"
        : !setting.exact
        ? "git -c with a computed setting"
        : gitConfigRisk(key, setting.text.slice(eq + 1)) ??
          (SAFE_CONFIG.test(key)
            ? undefined
            : `git -c ${key} (only display and identity settings may be given with -c)`);
      if (risk !== undefined) analysis.inline(risk);
      continue;
    }
    if (/^--(exec-path|upload-pack|receive-pack)(=|$)/.test(t)) {
      analysis.inline(`git ${t.split("=")[0]} names a program git runs`);
    }
    if (/^--(git-dir|work-tree)(=|$)/.test(t)) {
      analysis.inline(
        `git ${
          t.split("=")[0]
        } points git at a repository whose config (hooks, fsmonitor, pager) may run programs`,
      );
    }
    if (t === "-C" || t === "--namespace") {
      const value = args[i + 1];
      if (value !== undefined) analysis.operand(value, "read", scope);
      i++;
      continue;
    }
  }
  const sub = args[i]?.text;
  const rest = args.slice(i + 1);
  const runs = subcommandRuns(sub, rest);
  if (runs !== undefined) analysis.inline(runs);
  if (sub === "config") {
    const positional = rest.filter((a) => !a.text.startsWith("-"));
    const key = positional[0];
    if (key !== undefined && positional.length >= 2) {
      const risk = gitConfigRisk(
        key.text,
        positional[1]!.exact ? positional[1]!.text : undefined,
      );
      if (risk !== undefined) analysis.inline(risk);
    }
    return;
  }
  if (sub === "-c") return;
  const skipValue = new Set([
    "-m",
    "--message",
    "-b",
    "-B",
    "--branch",
    "--author",
    "--date",
    "--grep",
    "--format",
    "--pretty",
    "-S",
    "-G",
    "--since",
    "--until",
    "--depth",
    "-n",
    "--max-count",
    "-t",
    "--template",
    "--abbrev",
    "-U",
    "--unified",
    "--trailer",
  ]);
  for (let j = 0; j < rest.length; j++) {
    const a = rest[j]!;
    const opt = a.text.includes("=") ? a.text.slice(0, a.text.indexOf("=")) : a.text;
    if (skipValue.has(opt)) {
      if (!a.text.includes("=")) j++;
      continue;
    }
    if ((opt === "-F" || opt === "--file") && sub === "commit") {
      const file = a.text.includes("=") ? a : rest[j + 1];
      if (file !== undefined) analysis.operand(file, "read", scope);
      if (!a.text.includes("=")) j++;
      continue;
    }
    if (a.text.startsWith("-")) continue;
    // `REV:path` names a file as stored in git.
    const stored = /^[^:/]*:(.+)$/.exec(a.text);
    if (stored !== null && a.exact) analysis.pathText(stored[1]!, "read", scope);
    // Revisions, remotes and paths look alike; a path that is not a file is harmless to judge.
    analysis.operand(a, "read", scope);
  }
}
