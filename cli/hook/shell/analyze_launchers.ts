/**
 * Commands that start another command the hook would otherwise never see:
 * `tmux` (`new`, `split-window`, `run-shell`, `send-keys`…), `socat`
 * (`EXEC:`/`SYSTEM:` addresses, and addresses that open files), and
 * `npm exec -c`/`npx -c`/`--call`. A command string they run through a shell
 * is analysed like `sh -c`; one that cannot be followed is refused.
 */

import type { ShellCommand } from "./shell_command.ts";
import { type Arg, literalArg } from "./shell_arg.ts";
import type { CommandAnalysis } from "./command_analysis.ts";

/** Commands handled here. */
export const LAUNCHERS: ReadonlySet<string> = new Set(["tmux", "socat", "npx", "npm", "pnpm"]);

/** tmux commands whose trailing arguments are a shell command. */
const TMUX_RUNS = new Set([
  "new",
  "new-session",
  "new-window",
  "neww",
  "split-window",
  "splitw",
  "respawn-pane",
  "respawnp",
  "respawn-window",
  "respawnw",
  "run-shell",
  "run",
  "display-popup",
  "popup",
  "pipe-pane",
  "pipep",
]);

/** Options of those commands that take a value (tmux's manual, per command). */
const TMUX_VALUED: Readonly<Record<string, string>> = {
  "run-shell": "-c -d -t",
  run: "-c -d -t",
  "display-popup": "-b -c -d -e -h -s -S -t -T -w -x -y",
  popup: "-b -c -d -e -h -s -S -t -T -w -x -y",
  "pipe-pane": "-t",
  pipep: "-t",
};
const TMUX_DEFAULT_VALUED = "-c -e -F -n -s -t -x -y -f -l";

/** socat address types that run a program. */
const SOCAT_RUNS = /^(EXEC|SYSTEM|SHELL)$/i;
/** socat address types whose parameter is a file (or socket, or pipe) path. */
const SOCAT_FILES =
  /^(FILE|OPEN|GOPEN|CREATE|CREAT|PIPE|NAMEDPIPE|UNIX|UNIX-CONNECT|UNIX-LISTEN|UNIX-SENDTO|UNIX-RECV|UNIX-RECVFROM|UNIX-CLIENT|ABSTRACT-CONNECT|PTY|READLINE)$/i;

/** Judges the command a launcher starts. */
export function analyzeLauncher(
  analysis: CommandAnalysis,
  base: string,
  args: readonly Arg[],
  cmd: ShellCommand,
  depth: number,
): void {
  if (base === "tmux") tmux(analysis, args, cmd, depth);
  else if (base === "socat") socat(analysis, args, cmd, depth);
  else npmExec(analysis, base, args, cmd, depth);
}

function tmux(
  analysis: CommandAnalysis,
  args: readonly Arg[],
  cmd: ShellCommand,
  depth: number,
): void {
  let i = 0;
  // tmux's own options before the command (`-L name`, `-f file`, `-c shell-command`).
  for (; i < args.length && args[i]!.text.startsWith("-"); i++) {
    const t = args[i]!.text;
    if (t === "-c") {
      const code = args[i + 1];
      if (code === undefined) analysis.deny("shell.dynamic_command", "tmux -c without a command");
      else analysis.shellString(code, cmd, depth, "tmux -c");
      return;
    }
    if (t === "-f") {
      analysis.deny("shell.inline_code", "tmux -f loads a configuration that may run commands");
    }
    if (/^-[LSf]$/.test(t)) i++;
  }
  // Commands are separated by `;` words (`tmux new -d \; send-keys …`).
  let start = i;
  for (let j = i; j <= args.length; j++) {
    if (j < args.length && args[j]!.text !== ";") continue;
    tmuxCommand(analysis, args.slice(start, j), cmd, depth);
    start = j + 1;
  }
}

function tmuxCommand(
  analysis: CommandAnalysis,
  words: readonly Arg[],
  cmd: ShellCommand,
  depth: number,
) {
  const name = words[0]?.text;
  if (name === undefined) return;
  if (name === "source-file" || name === "source") {
    analysis.deny("shell.inline_code", "tmux source-file runs the commands in a file");
  }
  if (name === "if-shell" || name === "if") {
    analysis.deny("shell.inline_code", "tmux if-shell runs a shell command and tmux commands");
  }
  if (name === "send-keys" || name === "send") {
    // Keys typed into a pane run as a shell command line there.
    const keys = words.slice(1).filter((a, k, all) =>
      !a.text.startsWith("-") && !/^-[tN]$/.test(all[k - 1]?.text ?? "")
    );
    const typed = keys.filter((a) =>
      !/^(Enter|C-m|C-j|KPEnter|Escape|C-c|C-d|Tab|Space)$/.test(a.text)
    );
    if (typed.length > 0) {
      analysis.shellString(joined(typed), cmd, depth, "tmux send-keys");
    }
    return;
  }
  if (!TMUX_RUNS.has(name)) return;
  const valued = (TMUX_VALUED[name] ?? TMUX_DEFAULT_VALUED).split(" ");
  let k = 1;
  while (k < words.length && words[k]!.text.startsWith("-")) {
    k += valued.includes(words[k]!.text) ? 2 : 1;
  }
  const rest = words.slice(k);
  if (rest.length > 0) analysis.shellString(joined(rest), cmd, depth, `tmux ${name}`);
}

function joined(words: readonly Arg[]): Arg {
  return { ...literalArg(words.map((a) => a.text).join(" ")), exact: words.every((a) => a.exact) };
}

function socat(
  analysis: CommandAnalysis,
  args: readonly Arg[],
  cmd: ShellCommand,
  depth: number,
): void {
  for (const a of args) {
    if (a.text.startsWith("-") && a.text.length > 1) continue;
    if (!a.exact) {
      analysis.deny("shell.dynamic_command", "a socat address computed when the command runs");
    }
    const colon = a.text.indexOf(":");
    const type = colon === -1 ? a.text.split(",")[0]! : a.text.slice(0, colon);
    const param = colon === -1 ? "" : a.text.slice(colon + 1).split(",")[0]!;
    if (SOCAT_RUNS.test(type)) {
      if (/^SYSTEM|SHELL$/i.test(type)) {
        analysis.shellString(literalArg(param), cmd, depth, `socat ${type.toUpperCase()}`);
      } else {analysis.invoke(param.split(/\s+/).filter((w) => w !== "").map(literalArg), cmd, {
          kind: "inherit",
        }, depth);}
      continue;
    }
    if (SOCAT_FILES.test(type) && param !== "") {
      analysis.pathText(param, "read", cmd.scope);
      analysis.pathText(param, "write", cmd.scope);
      continue;
    }
    // A bare path (contains `/`) is socat's GOPEN.
    if (colon === -1 && type.includes("/")) {
      analysis.pathText(type, "read", cmd.scope);
      analysis.pathText(type, "write", cmd.scope);
    }
  }
}

/** `npx -c 'cmd'`, `npm exec -c 'cmd'`, `npm exec --call=cmd`: a shell command line. */
function npmExec(
  analysis: CommandAnalysis,
  base: string,
  args: readonly Arg[],
  cmd: ShellCommand,
  depth: number,
): void {
  const sub = args[0]?.text;
  if (base !== "npx" && sub !== "exec" && sub !== "x" && sub !== "dlx") return;
  for (let i = 0; i < args.length; i++) {
    const t = args[i]!.text;
    if (t === "--") return;
    if (t === "-c" || t === "--call") {
      const code = args[i + 1];
      if (code === undefined) {
        analysis.deny("shell.dynamic_command", `${base} ${t} without a command string`);
      } else analysis.shellString(code, cmd, depth, `${base} ${t}`);
      return;
    }
    if (t.startsWith("--call=")) {
      analysis.shellString(
        { ...args[i]!, text: t.slice(7), field: [{ text: t.slice(7), glob: false }] },
        cmd,
        depth,
        `${base} --call`,
      );
      return;
    }
  }
}
