/**
 * The Bash analysis of shells and interpreters: `sh -c` strings (followed),
 * programs read from standard input, inline code and scripts.
 */

import { INTERPRETERS, SHELL_VALUED } from "./command_table.ts";
import type { ShellCommand, StdinSource } from "./shell_command.ts";
import { exactValue, type ShellScope } from "./shell_scope.ts";
import { fieldIsExact, fieldText } from "./shell_word.ts";
import { type Arg, literalArg, STDIN_NAMES } from "./shell_arg.ts";
import { analyzeOperands } from "./analyze_operands.ts";
import type { CommandAnalysis } from "./command_analysis.ts";

/** Analyses a shell run as a command: follows `-c` strings, refuses programs from stdin. */
export function analyzeShell(
  analysis: CommandAnalysis,
  base: string,
  args: readonly Arg[],
  cmd: ShellCommand,
  stdin: StdinSource,
  depth: number,
): void {
  const scope = cmd.scope;
  let i = 0;
  let code: Arg | undefined;
  let readsStdin = false;
  for (; i < args.length; i++) {
    const a = args[i]!;
    const t = a.text;
    if (t === "--" || t === "-") {
      if (t === "-") readsStdin = true;
      i++;
      break;
    }
    if (!/^[-+]/.test(t)) break;
    if (t === "--rcfile" || t === "--init-file") {
      const file = args[i + 1];
      if (file !== undefined) {
        analysis.operand(file, "read", scope);
        if (analysis.writtenNow(file, scope)) {
          analysis.inline(`${base} ${t} loads a file written by analysis same command`);
        }
      }
      i++;
      continue;
    }
    if (SHELL_VALUED.has(t)) {
      i++;
      continue;
    }
    if (/^-[a-zA-Z]*c[a-zA-Z]*$/.test(t)) {
      code = args[i + 1];
      if (code === undefined) {
        analysis.deny(
          "shell.dynamic_command",
          `${base} -c without a command string runs whatever it is given at run time`,
        );
        return;
      }
      i += 2;
      break;
    }
    if (/^-[a-zA-Z]*s/.test(t)) readsStdin = true;
  }
  if (code !== undefined) {
    analysis.shellString(code, cmd, depth, `${base} -c`);
    for (const a of args.slice(i)) analysis.operand(a, "read", scope);
    return;
  }
  const script = readsStdin ? undefined : args[i];
  if (script?.processSubstitution === true) {
    analysis.deny(
      "shell.pipe_to_interpreter",
      `${base} runs a script from a process substitution, which cannot be checked`,
    );
  }
  if (script !== undefined && !STDIN_NAMES.test(script.text)) {
    if (analysis.writtenNow(script, scope)) {
      analysis.inline(`${base} runs ${script.text}, a script written by analysis same command`);
    }
    for (const a of args.slice(i)) analysis.operand(a, "read", scope);
    return;
  }
  analyzeStdinProgram(
    analysis,
    base,
    stdin,
    scope,
    (text) => analysis.run(text, scope.fork(), [...cmd.via, base], { kind: "inherit" }, depth + 1),
  );
}

/** An interpreter or shell reading its program from standard input. */
export function analyzeStdinProgram(
  analysis: CommandAnalysis,
  base: string,
  stdin: StdinSource,
  scope: ShellScope,
  recurse?: (text: string) => void,
): void {
  switch (stdin.kind) {
    case "pipe":
      analysis.deny(
        "shell.pipe_to_interpreter",
        `piping into ${base} runs code that cannot be checked before it runs`,
      );
      return;
    case "file": {
      const field = stdin.target.fields[0];
      const arg: Arg | undefined = field === undefined ? undefined : {
        field,
        text: fieldText(field),
        exact: fieldIsExact(field),
        literal: false,
        processSubstitution: stdin.target.processSubstitution,
      };
      if (
        arg === undefined || arg.processSubstitution || !arg.exact ||
        analysis.writtenNow(arg, scope)
      ) {
        analysis.deny(
          "shell.pipe_to_interpreter",
          `${base} reads a program written or produced by analysis same command`,
        );
      }
      return;
    }
    case "heredoc":
    case "herestring": {
      const text = stdin.kind === "heredoc" ? stdin.text : exactValue(stdin.value);
      if (!stdin.literal || text === undefined) {
        analysis.deny(
          "shell.pipe_to_interpreter",
          `${base} reads a program with expansions in it, which cannot be checked`,
        );
        return;
      }
      if (recurse !== undefined) recurse(text);
      else analysis.inline(`${base} reads its program from a here-document`);
      return;
    }
    case "inherit":
      return;
  }
}

/** Analyses an interpreter (python, node, perl…): inline code, scripts and their files. */
export function analyzeInterpreter(
  analysis: CommandAnalysis,
  base: string,
  family: string,
  args: readonly Arg[],
  stdin: StdinSource,
  scope: ShellScope,
): void {
  const spec = INTERPRETERS.get(family)!;
  if (family === "gawk") {
    analyzeOperands(analysis, "awk", args, scope);
    return;
  }
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const t = a.text;
    if (t === "--") {
      i++;
      const script = args[i];
      if (script !== undefined) {
        analyzeScript(analysis, base, script, args.slice(i + 1), stdin, scope);
      } else analyzeStdinProgram(analysis, base, stdin, scope);
      return;
    }
    if (t === "-") {
      analyzeStdinProgram(analysis, base, stdin, scope);
      for (const rest of args.slice(i + 1)) analysis.operand(rest, "read", scope);
      return;
    }
    const opt = t.includes("=") ? t.slice(0, t.indexOf("=")) : t;
    const bundled = /^-[a-zA-Z]{2,4}$/.test(t) &&
      [...spec.inline].some((o) => /^-\w$/.test(o) && t.includes(o[1]!));
    if (spec.inline.has(opt) || bundled) {
      analysis.inline(`${base} ${opt} runs code given on the command line`);
      return;
    }
    if (spec.module?.has(opt) || (family.startsWith("py") && /^-m./.test(t))) {
      const module = t.length > 2 ? t.slice(2) : args[++i]?.text;
      analyzeModule(analysis, base, module, args.slice(i + 1), scope);
      return;
    }
    if (t.startsWith("-")) {
      if (spec.valued.has(opt) && !t.includes("=")) {
        const value = args[i + 1];
        if (value !== undefined) analysis.operand(value, "read", scope);
        i++;
      }
      continue;
    }
    analyzeScript(analysis, base, a, args.slice(i + 1), stdin, scope);
    return;
  }
  analyzeStdinProgram(analysis, base, stdin, scope);
}

/** Analyses a script given to a shell or interpreter: read, and inline if written just now. */
export function analyzeScript(
  analysis: CommandAnalysis,
  base: string,
  script: Arg,
  rest: readonly Arg[],
  stdin: StdinSource,
  scope: ShellScope,
): void {
  if (base === "deno" || base === "bun") {
    if (script.text === "eval") analysis.inline(`${base} eval runs code given on the command line`);
  }
  if (script.processSubstitution) {
    analysis.deny(
      "shell.pipe_to_interpreter",
      `${base} runs a program from a process substitution, which cannot be checked`,
    );
  }
  if (STDIN_NAMES.test(script.text)) {
    analyzeStdinProgram(analysis, base, stdin, scope);
    return;
  }
  if (analysis.writtenNow(script, scope)) {
    analysis.inline(`${base} runs ${script.text}, a program written by analysis same command`);
  }
  analysis.operand(script, "read", scope);
  for (const a of rest) analysis.operand(a, "read", scope);
}

/** Python modules that serve or archive a folder tree (`-m http.server`, `-m zipfile -c`). */
const TREE_MODULES = new Set(["http.server", "SimpleHTTPServer", "zipfile", "tarfile"]);

/** Python modules whose arguments are code. */
const CODE_MODULES = new Set(["timeit", "cProfile", "profile", "trace", "pdb"]);

/**
 * `python -m MODULE ARGS`: the module's operands are files it reads (`-m
 * base64 .env`, `-m json.tool .env`); a server or archiver reads a whole
 * folder; a module that takes code (`-m timeit STMT`) is inline code.
 */
function analyzeModule(
  analysis: CommandAnalysis,
  base: string,
  module: string | undefined,
  rest: readonly Arg[],
  scope: ShellScope,
): void {
  if (module === undefined) return;
  if (module === "timeit") {
    analysis.inline(`${base} -m timeit runs code given on the command line`);
  }
  if (CODE_MODULES.has(module) && rest.some((a) => a.text === "-c" || a.text === "-s")) {
    analysis.inline(`${base} -m ${module} runs code given on the command line`);
  }
  for (let i = 0; i < rest.length; i++) {
    const a = rest[i]!;
    analysis.operand(a, "read", scope);
  }
  if (!TREE_MODULES.has(module)) return;
  if (module === "http.server" || module === "SimpleHTTPServer") {
    const at = rest.findIndex((a) => /^(-d|--directory)(=|$)/.test(a.text));
    const flag = rest[at];
    const dir = flag === undefined
      ? undefined
      : flag.text.includes("=")
      ? { ...flag, text: flag.text.slice(flag.text.indexOf("=") + 1) }
      : rest[at + 1];
    analysis.tree(
      dir === undefined ? literalArg(".") : { ...dir, field: [{ text: dir.text, glob: false }] },
      scope,
    );
    return;
  }
  // zipfile/tarfile -c OUT SRC…: every source is read recursively.
  const create = rest.findIndex((a) => a.text === "-c" || a.text === "--create");
  if (create !== -1) {
    for (const source of rest.slice(create + 2)) analysis.tree(source, scope);
  }
}
