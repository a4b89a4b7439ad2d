/**
 * The Bash analysis of commands that run other commands: wrappers (`env`,
 * `timeout`, `nohup`, `sudo`…), `xargs` and `find -exec`.
 */

import { WRAPPERS } from "./command_table.ts";
import { isDangerousAssignment } from "./dangerous_env.ts";
import type { ShellCommand, StdinSource } from "./shell_command.ts";
import { type Arg, literalArg } from "./shell_arg.ts";
import { findFilter } from "./find_filter.ts";
import { strictest } from "../verdict.ts";
import type { CommandAnalysis } from "./command_analysis.ts";

/** Peels a wrapper (`env`, `timeout`, `nice`, `sudo`…) and analyses the command it runs. */
export function analyzeWrapper(
  analysis: CommandAnalysis,
  base: string,
  args: readonly Arg[],
  cmd: ShellCommand,
  stdin: StdinSource,
  depth: number,
): void {
  const spec = WRAPPERS.get(base)!;
  let i = 0;
  let operands = spec.operands;
  let split: Arg[] = [];
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a.text === "--") {
      i++;
      break;
    }
    if (a.text.startsWith("-") && a.text.length > 1 && operands === spec.operands) {
      const opt = a.text.includes("=") ? a.text.slice(0, a.text.indexOf("=")) : a.text;
      if (base === "env" && (opt === "-S" || opt === "--split-string")) {
        const value = a.text.includes("=")
          ? a.text.slice(a.text.indexOf("=") + 1)
          : args[++i]?.text ?? "";
        if (!a.exact || (!a.text.includes("=") && !args[i]?.exact)) {
          analysis.deny("shell.dynamic_command", "env -S with a computed string");
        }
        split = value.split(/\s+/).filter((s) => s !== "").map((text) => ({
          field: [{ text, glob: false }],
          text,
          exact: true,
          literal: true,
          processSubstitution: false,
        }));
        continue;
      }
      if (spec.valued.has(opt) && !a.text.includes("=")) i++;
      continue;
    }
    if (spec.assignments === true && /^[A-Za-z_][A-Za-z0-9_]*=/.test(a.text)) {
      const eq = a.text.indexOf("=");
      const name = a.text.slice(0, eq);
      const value = a.exact ? a.text.slice(eq + 1) : undefined;
      if (isDangerousAssignment(name, value, analysis.ctx.env["HOME"])) {
        analysis.deny(
          "shell.dangerous_env",
          `setting ${name} can make programs load or run other code`,
        );
      }
      continue;
    }
    if (operands > 0) {
      operands--;
      continue;
    }
    break;
  }
  const inner = [...split, ...args.slice(i)];
  if (inner.length === 0) return;
  analysis.invoke(inner, cmd, stdin, depth);
}

/** Analyses `xargs CMD`: the command it runs, with arguments only known at run time. */
export function analyzeXargs(
  analysis: CommandAnalysis,
  args: readonly Arg[],
  cmd: ShellCommand,
  depth: number,
): void {
  const valued = new Set([
    "-I",
    "-i",
    "-n",
    "-P",
    "-L",
    "-l",
    "-d",
    "-E",
    "-e",
    "-s",
    "-a",
    "--arg-file",
    "--delimiter",
    "--max-args",
    "--max-procs",
    "--max-lines",
    "--replace",
    "--eof",
    "--max-chars",
  ]);
  let i = 0;
  for (; i < args.length; i++) {
    const a = args[i]!;
    if (a.text === "--") {
      i++;
      break;
    }
    if (!a.text.startsWith("-") || a.text === "-") break;
    const opt = a.text.includes("=") ? a.text.slice(0, a.text.indexOf("=")) : a.text;
    if ((opt === "-a" || opt === "--arg-file") && !a.text.includes("=")) {
      analysis.operand(args[i + 1] ?? a, "read", cmd.scope);
    }
    if (
      valued.has(opt) && !a.text.includes("=") && opt !== "-i" && opt !== "-e" && opt !== "-l"
    ) i++;
  }
  const inner = args.slice(i);
  const name = inner[0]?.text ?? "echo";
  const base = name.slice(name.lastIndexOf("/") + 1);
  // The arguments come from standard input (or -a FILE): names only known at
  // run time. A command that opens its arguments may run on them only when a
  // listing whose names were checked feeds the pipe (`find … | xargs wc -l`).
  if (!XARGS_HARMLESS.has(base)) {
    const listing = args.slice(0, i).some((a) => /^(-a|--arg-file)/.test(a.text))
      ? null
      : analysis.pipeListing(cmd.stdin);
    const verdict = listing?.();
    if (verdict === undefined) {
      analysis.deny(
        "shell.xargs_input",
        `xargs runs ${base} on names it reads from its input, which cannot be checked before it runs; name the files, or feed xargs from find or grep -l`,
      );
    } else analysis.add(verdict);
  }
  analysis.invoke(
    inner.length === 0 ? [literalArg("echo")] : inner,
    cmd,
    { kind: "inherit" },
    depth,
  );
}

/** Commands xargs may run on any input: they open no file named by their arguments. */
export const XARGS_HARMLESS: ReadonlySet<string> = new Set([
  "echo",
  "printf",
  "basename",
  "dirname",
  "kill",
  "mkdir",
  "ls",
  "stat",
  "du",
  "true",
  "sleep",
]);

/** Commands that only look at a file's name or metadata, never its bytes. */
const METADATA_ONLY: ReadonlySet<string> = XARGS_HARMLESS;

/** Analyses `find`: its start folders, the commands of `-exec`/`-ok`, and `-fprint` writes. */
export function analyzeFind(
  analysis: CommandAnalysis,
  args: readonly Arg[],
  cmd: ShellCommand,
  depth: number,
): void {
  const scope = cmd.scope;
  let i = 0;
  for (; i < args.length && !/^[-!(]/.test(args[i]!.text); i++) {
    analysis.operand(args[i]!, "read", scope);
  }
  const roots = i === 0 ? [literalArg(".")] : args.slice(0, i);
  const expression: string[] = [];
  const execs: Array<readonly Arg[]> = [];
  for (let j = i; j < args.length; j++) {
    const t = args[j]!.text;
    if (/^-(exec|execdir|ok|okdir)$/.test(t)) {
      let end = j + 1;
      while (end < args.length && args[end]!.text !== ";" && args[end]!.text !== "+") end++;
      execs.push(args.slice(j + 1, end));
      j = end;
    } else expression.push(t);
  }
  // The files find selects: what `-exec CMD {}` opens, and what it prints to a pipe.
  const selected = () =>
    roots.flatMap((root) => analysis.treeVerdicts(root, scope, findFilter(expression, root.text)));
  analysis.listing = () => strictest(selected());
  for (const command of execs) {
    const name = command[0]?.text ?? "";
    const base = name.slice(name.lastIndexOf("/") + 1);
    if (command.some((a) => a.text.includes("{}")) && !METADATA_ONLY.has(base)) {
      for (const verdict of selected()) analysis.add(verdict);
    }
  }
  for (; i < args.length; i++) {
    const t = args[i]!.text;
    if (/^-(exec|execdir|ok|okdir)$/.test(t)) {
      let end = i + 1;
      while (end < args.length && args[end]!.text !== ";" && args[end]!.text !== "+") end++;
      analysis.invoke(args.slice(i + 1, end), cmd, { kind: "inherit" }, depth);
      i = end;
    } else if (/^-(fprint|fprint0|fprintf|fls)$/.test(t)) {
      analysis.operand(args[i + 1] ?? args[i]!, "write", scope);
      analysis.inline(`find ${t} writes to a file from inside find`);
      i++;
    } else if (
      /^-(name|iname|path|ipath|wholename|iwholename|regex|iregex|lname|ilname|type|xtype|perm|user|group|size|mtime|mmin|atime|amin|ctime|cmin|newer\w*|maxdepth|mindepth|printf|fstype|inum|links|uid|gid|samefile|used|context)$/
        .test(t)
    ) {
      i++;
    }
  }
}
