/**
 * The Bash tool's decision: parse the command line, walk every simple
 * command that could run, peel wrappers (`env`, `timeout`, `sudo`, `xargs`,
 * `find -exec`…), follow `sh -c` strings, and judge what each command would
 * do — the files it reads and writes, the binary it runs, the code it runs
 * inline, the variables it sets. The strictest verdict wins; anything the
 * analysis cannot follow, or that throws, denies.
 */

import { SHELL_BUILTINS } from "../binary/shell_builtins.ts";
import {
  type CommandJudge,
  denied,
  type PathAccess,
  type PathJudge,
  refused,
  type RuleMode,
  strictest,
  type Verdict,
} from "../verdict.ts";
import {
  interpreterFamily,
  INTERPRETERS,
  NO_PATH_COMMANDS,
  NON_PATH_OPTIONS,
  PATTERN_FIRST,
  SHELL_VALUED,
  SHELLS,
  WRAPPERS,
  WRITE_OPTIONS,
  WRITES_ALL,
  WRITES_LAST,
} from "./command_table.ts";
import { isDangerousAssignment } from "./dangerous_env.ts";
import { expandGlobs, type ListDir } from "./expand_globs.ts";
import type { ExpandedWord } from "./expand_word.ts";
import { UnsupportedShell } from "./expand_word.ts";
import { awkReads, awkRisk, awkWrites, gitConfigRisk, sedEffects, tarRisk } from "./inline_code.ts";
import type { ShellCommand, StdinSource } from "./shell_command.ts";
import { isSyntaxError, type ShellParser } from "./shell_parser.ts";
import { exactValue, ShellScope } from "./shell_scope.ts";
import { type Field, fieldIsExact, fieldIsOpaque, fieldText } from "./shell_word.ts";
import { resolveIn, walkShell } from "./walk_shell.ts";

/** What deciding a Bash command needs. */
export interface BashContext {
  /** The parser (see parserFor, loadShellParser): compiled once per process. */
  readonly parser: ShellParser;
  /** The tool call's working folder. */
  readonly cwd: string;
  /** The environment the command will see (the hook inherits the agent's): HOME, PATH… */
  readonly env: Readonly<Record<string, string>>;
  readonly judgePath: PathJudge;
  readonly judgeCommand: CommandJudge;
  /** Lists a folder, for matching glob patterns and unknown values against real files. */
  readonly listDir?: ListDir;
  /** Rules a manifest may soften to "ask". */
  readonly modes: { readonly inlineCode: RuleMode };
}

/** Deepest nesting of `sh -c` strings followed; deeper is denied. */
export const MAX_SHELL_NESTING = 8;

/** One argument after expansion, with where it came from. */
interface Arg {
  readonly field: Field;
  /** Text, unknown parts as `*`. */
  readonly text: string;
  /** Fully known, and no expansion, glob or brace took part: safe to use as a command name. */
  readonly literal: boolean;
  /** Fully known (possibly through tracked variables). */
  readonly exact: boolean;
  readonly processSubstitution: boolean;
}

/** A word that expanded to nothing: still a position a command name could have come from. */
const VANISHED: Arg = {
  field: [],
  text: "",
  exact: false,
  literal: false,
  processSubstitution: false,
};

function flatten(words: readonly ExpandedWord[]): Arg[] {
  return words.flatMap((word) =>
    word.fields.length === 0 && word.dynamic ? [VANISHED] : word.fields.map((field) => ({
      field,
      text: fieldText(field),
      exact: fieldIsExact(field),
      literal: !word.dynamic && fieldIsExact(field) && word.fields.length === 1 &&
        !/[{}]/.test(word.raw.replace(/'[^']*'|"[^"]*"/g, "")),
      processSubstitution: word.processSubstitution,
    }))
  );
}

/** Commands whose `-c STRING` is a shell command line (run through a shell). */
const COMMAND_STRING_TOOLS = new Set(["script", "su", "runuser", "flock"]);

const STDIN_NAMES = /^(?:-|\/dev\/stdin|\/dev\/fd\/\d+|\/proc\/self\/fd\/\d+|\/dev\/tty)$/;

/** Thrown to stop the walk at the first deny. */
class Stop extends Error {}

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

class Analysis {
  readonly verdicts: Verdict[] = [];
  /** Absolute paths written so far in this command line. */
  readonly written = new Set<string>();

  constructor(readonly ctx: BashContext) {}

  add(verdict: Verdict): void {
    if (verdict.action === "allow") return;
    this.verdicts.push(verdict);
    if (verdict.action === "deny") throw new Stop();
  }

  deny(rule: string, reason: string): void {
    this.add(denied(rule, reason));
  }

  inline(reason: string): void {
    this.add(
      refused(
        this.ctx.modes.inlineCode,
        "shell.inline_code",
        `${reason}: inline code cannot be checked`,
      ),
    );
  }

  run(
    source: string,
    scope: ShellScope,
    via: readonly string[],
    stdin: StdinSource,
    depth: number,
  ): void {
    if (depth > MAX_SHELL_NESTING) {
      this.deny("shell.too_complex", "shell strings nested too deeply to check");
    }
    if (/[^\s\\]\\\n[^\s]/.test(source) && this.continuationSplitsWord(source)) {
      this.deny(
        "shell.parse_error",
        "a backslash-newline inside a word; write the word on one line",
      );
    }
    const parsed = this.ctx.parser.parse(source);
    if (isSyntaxError(parsed)) {
      this.deny("shell.parse_error", `the command does not parse as bash (${parsed.error})`);
      return;
    }
    walkShell(parsed, scope, (cmd) => this.command(cmd, depth), via, stdin);
  }

  /**
   * tree-sitter-bash splits a word at a backslash-newline that bash would
   * join (`c\<newline>at` is `cat`): refuse those outside quotes.
   */
  continuationSplitsWord(source: string): boolean {
    let quote: string | null = null;
    for (let i = 0; i < source.length; i++) {
      const c = source[i]!;
      if (quote === "'") {
        if (c === "'") quote = null;
        continue;
      }
      if (c === "\\") {
        if (
          source[i + 1] === "\n" && quote === null && i > 0 && !/\s/.test(source[i - 1]!) &&
          !/\s/.test(source[i + 2] ?? " ")
        ) {
          return true;
        }
        i++;
        continue;
      }
      if (c === '"') quote = quote === '"' ? null : quote ?? '"';
      else if (c === "'" && quote === null) quote = "'";
      else if (c === "<" && source.startsWith("<<", i) && quote === null) return false;
    }
    return false;
  }

  /** The folders a relative path may be relative to. */
  folders(scope: ShellScope): readonly string[] {
    if (scope.cwd !== null) return scope.cwd;
    const home = exactValue(scope.lookup("HOME"));
    return home === undefined ? [this.ctx.cwd] : [this.ctx.cwd, home];
  }

  /** Judges one file operand (and every existing file its patterns match). */
  path(field: Field, access: PathAccess, scope: ShellScope): void {
    if (field.length === 0 || fieldIsOpaque(field)) return;
    const text = fieldText(field);
    if (text === "") return;
    for (const cwd of this.folders(scope)) {
      this.add(this.ctx.judgePath(text, access, cwd));
      if (access === "write" && fieldIsExact(field)) this.written.add(resolveIn(cwd, text));
      if (!fieldIsExact(field) && this.ctx.listDir !== undefined) {
        for (const match of expandGlobs(field, cwd, this.ctx.listDir)) {
          this.add(this.ctx.judgePath(match, access, cwd));
        }
      }
    }
  }

  pathText(text: string, access: PathAccess, scope: ShellScope): void {
    this.path([{ text, glob: false }], access, scope);
  }

  /** True when `arg` names a file written earlier in this command line. */
  writtenNow(arg: Arg, scope: ShellScope): boolean {
    if (!arg.exact) return false;
    return this.folders(scope).some((cwd) => this.written.has(resolveIn(cwd, arg.text)));
  }

  command(cmd: ShellCommand, depth: number): void {
    for (const a of cmd.assignments) {
      if (isDangerousAssignment(a.name, exactValue(a.value))) {
        this.deny(
          "shell.dangerous_env",
          `setting ${a.name} can make programs load or run other code`,
        );
      }
    }
    for (const r of cmd.redirects) {
      if (r.target === null || r.access === "none") continue;
      if (r.target.processSubstitution) continue;
      for (const field of r.target.fields) this.path(field, r.access, cmd.scope);
    }
    if (cmd.words.length === 0) return;
    const argv = flatten(cmd.words);
    this.invoke(argv, cmd, cmd.stdin, depth);
  }

  /** Judges one command invocation (after wrappers are peeled, recursively). */
  invoke(argv: readonly Arg[], cmd: ShellCommand, stdin: StdinSource, depth: number): void {
    const first = argv[0];
    if (first === undefined) return;
    if (!first.literal) {
      const shown = first === VANISHED ? "an expansion that may be empty" : `\`${first.text}\``;
      this.deny(
        "shell.dynamic_command",
        `the command name (${shown}) is computed when the command runs (expansion, substitution or glob); write it literally`,
      );
      return;
    }
    const name = first.text;
    const base = name.slice(name.lastIndexOf("/") + 1);
    const args = argv.slice(1);
    const scope = cmd.scope;
    const cwd = scope.cwd?.length === 1 ? scope.cwd[0]! : this.ctx.cwd;
    const isBuiltin = !name.includes("/") && SHELL_BUILTINS.has(name);

    if (!name.includes("/") && scope.functions.has(name)) {
      for (const a of args) this.operand(a, "read", scope);
      return;
    }
    if (!isBuiltin) this.add(this.ctx.judgeCommand(name, cwd));

    if (base === "eval") {
      this.deny(
        "shell.eval",
        "eval runs a string as a command, which cannot be checked before it runs",
      );
    }
    if (base === "source" || base === ".") {
      this.source(args, scope);
      return;
    }
    if (base === "coproc") {
      this.deny("shell.unsupported", "coproc is not supported; run the command directly");
    }
    if (base === "exec" || base === "command" || base === "builtin") {
      let i = 0;
      for (; i < args.length && args[i]!.text.startsWith("-") && args[i]!.text !== "--"; i++) {
        if (/[vV]/.test(args[i]!.text) && base === "command") return;
        if (args[i]!.text === "-a" && base === "exec") i++;
      }
      if (args[i]?.text === "--") i++;
      this.invoke(args.slice(i), cmd, stdin, depth);
      return;
    }
    if (base === "trap") {
      const code = args.find((a) => !a.text.startsWith("-"));
      if (code !== undefined && code.text !== "" && code.text !== "-") {
        this.shellString(code, cmd, depth, "trap");
      }
      return;
    }
    if (base === "let" && args.some((a) => /\$\(|`/.test(a.text))) {
      this.deny("shell.eval", "let evaluates a command substitution hidden in its expression");
    }
    if (base === "enable" && args.some((a) => /^-\w*f/.test(a.text))) {
      this.deny("shell.inline_code", "enable -f loads a shared object into the shell");
    }
    if (base === "hash" && args.some((a) => /^-\w*p/.test(a.text))) {
      this.deny("shell.dynamic_command", "hash -p makes a name run another file");
    }
    if (base === "mapfile" || base === "readarray") {
      if (args.some((a) => /^-\w*C/.test(a.text))) this.inline(`${base} -C runs a callback`);
    }
    const wrapper = WRAPPERS.get(base);
    if (wrapper !== undefined) {
      this.wrapper(base, args, cmd, stdin, depth);
      return;
    }
    if (COMMAND_STRING_TOOLS.has(base)) {
      const at = args.findIndex((a) => a.text === "-c" || a.text === "--command");
      if (at !== -1) {
        const code = args[at + 1];
        if (code === undefined) {
          this.deny("shell.dynamic_command", `${base} -c without a command string`);
        } else this.shellString(code, cmd, depth, `${base} -c`);
        return;
      }
    }
    if (base === "watch") {
      let i = 0;
      while (i < args.length && args[i]!.text.startsWith("-")) {
        i += /^-(n|d|-interval|-differences)$/.test(args[i]!.text) ? 2 : 1;
      }
      const rest = args.slice(i);
      if (rest.length > 0) {
        const joined = rest.map((a) => a.text).join(" ");
        this.shellString(
          { ...literalArg(joined), exact: rest.every((a) => a.exact) },
          cmd,
          depth,
          "watch",
        );
      }
      return;
    }
    if (base === "xargs") {
      this.xargs(args, cmd, depth);
      return;
    }
    if (base === "find") {
      this.find(args, cmd, depth);
      return;
    }
    if (SHELLS.has(base)) {
      this.shell(base, args, cmd, stdin, depth);
      return;
    }
    const family = interpreterFamily(base);
    if (family !== undefined) {
      this.interpreter(base, family, args, stdin, scope);
      return;
    }
    this.operands(base, args, scope);
  }

  /** `source FILE` / `. FILE`. */
  source(args: readonly Arg[], scope: ShellScope): void {
    const file = args[0];
    if (file === undefined) return;
    if (file.processSubstitution || STDIN_NAMES.test(file.text)) {
      this.deny(
        "shell.source",
        `source of ${
          file.processSubstitution ? "a process substitution" : file.text
        } runs code that cannot be checked`,
      );
    }
    if (!file.exact) {
      this.deny("shell.source", "source of a file whose name is computed when the command runs");
    }
    if (this.writtenNow(file, scope)) {
      this.deny("shell.source", `source of ${file.text}, a file written by this same command`);
    }
    for (const a of args) this.operand(a, "read", scope);
  }

  /** Runs a shell string (`sh -c`, `trap`) through the same analysis, if it is known. */
  shellString(code: Arg, cmd: ShellCommand, depth: number, label: string): void {
    if (!code.exact || (!code.literal && code.text.trim() === "")) {
      this.deny("shell.dynamic_command", `the ${label} string is computed when the command runs`);
    }
    this.run(code.text, cmd.scope.fork(), [...cmd.via, label], { kind: "inherit" }, depth + 1);
  }

  wrapper(
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
            this.deny("shell.dynamic_command", "env -S with a computed string");
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
        if (isDangerousAssignment(name, a.exact ? a.text.slice(eq + 1) : undefined)) {
          this.deny(
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
    this.invoke(inner, cmd, stdin, depth);
  }

  xargs(args: readonly Arg[], cmd: ShellCommand, depth: number): void {
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
        this.operand(args[i + 1] ?? a, "read", cmd.scope);
      }
      if (
        valued.has(opt) && !a.text.includes("=") && opt !== "-i" && opt !== "-e" && opt !== "-l"
      ) i++;
    }
    const inner = args.slice(i);
    // Arguments read from standard input are not known before the command runs.
    this.invoke(inner.length === 0 ? [literalArg("echo")] : inner, cmd, { kind: "inherit" }, depth);
  }

  find(args: readonly Arg[], cmd: ShellCommand, depth: number): void {
    const scope = cmd.scope;
    let i = 0;
    for (; i < args.length && !/^[-!(]/.test(args[i]!.text); i++) {
      this.operand(args[i]!, "read", scope);
    }
    for (; i < args.length; i++) {
      const t = args[i]!.text;
      if (/^-(exec|execdir|ok|okdir)$/.test(t)) {
        let end = i + 1;
        while (end < args.length && args[end]!.text !== ";" && args[end]!.text !== "+") end++;
        this.invoke(args.slice(i + 1, end), cmd, { kind: "inherit" }, depth);
        i = end;
      } else if (/^-(fprint|fprint0|fprintf|fls)$/.test(t)) {
        this.operand(args[i + 1] ?? args[i]!, "write", scope);
        this.inline(`find ${t} writes to a file from inside find`);
        i++;
      } else if (
        /^-(name|iname|path|ipath|wholename|iwholename|regex|iregex|lname|ilname|type|xtype|perm|user|group|size|mtime|mmin|atime|amin|ctime|cmin|newer\w*|maxdepth|mindepth|printf|fstype|inum|links|uid|gid|samefile|used|context)$/
          .test(t)
      ) {
        i++;
      }
    }
  }

  shell(
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
          this.operand(file, "read", scope);
          if (this.writtenNow(file, scope)) {
            this.inline(`${base} ${t} loads a file written by this same command`);
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
          this.deny(
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
      this.shellString(code, cmd, depth, `${base} -c`);
      for (const a of args.slice(i)) this.operand(a, "read", scope);
      return;
    }
    const script = readsStdin ? undefined : args[i];
    if (script?.processSubstitution === true) {
      this.deny(
        "shell.pipe_to_interpreter",
        `${base} runs a script from a process substitution, which cannot be checked`,
      );
    }
    if (script !== undefined && !STDIN_NAMES.test(script.text)) {
      if (this.writtenNow(script, scope)) {
        this.inline(`${base} runs ${script.text}, a script written by this same command`);
      }
      for (const a of args.slice(i)) this.operand(a, "read", scope);
      return;
    }
    this.stdinProgram(
      base,
      stdin,
      scope,
      (text) => this.run(text, scope.fork(), [...cmd.via, base], { kind: "inherit" }, depth + 1),
    );
  }

  /** An interpreter or shell reading its program from standard input. */
  stdinProgram(
    base: string,
    stdin: StdinSource,
    scope: ShellScope,
    recurse?: (text: string) => void,
  ): void {
    switch (stdin.kind) {
      case "pipe":
        this.deny(
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
          arg === undefined || arg.processSubstitution || !arg.exact || this.writtenNow(arg, scope)
        ) {
          this.deny(
            "shell.pipe_to_interpreter",
            `${base} reads a program written or produced by this same command`,
          );
        }
        return;
      }
      case "heredoc":
      case "herestring": {
        const text = stdin.kind === "heredoc" ? stdin.text : exactValue(stdin.value);
        if (!stdin.literal || text === undefined) {
          this.deny(
            "shell.pipe_to_interpreter",
            `${base} reads a program with expansions in it, which cannot be checked`,
          );
          return;
        }
        if (recurse !== undefined) recurse(text);
        else this.inline(`${base} reads its program from a here-document`);
        return;
      }
      case "inherit":
        return;
    }
  }

  interpreter(
    base: string,
    family: string,
    args: readonly Arg[],
    stdin: StdinSource,
    scope: ShellScope,
  ): void {
    const spec = INTERPRETERS.get(family)!;
    if (family === "gawk") {
      this.operands("awk", args, scope);
      return;
    }
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      const t = a.text;
      if (t === "--") {
        i++;
        const script = args[i];
        if (script !== undefined) this.script(base, script, args.slice(i + 1), stdin, scope);
        else this.stdinProgram(base, stdin, scope);
        return;
      }
      if (t === "-") {
        this.stdinProgram(base, stdin, scope);
        for (const rest of args.slice(i + 1)) this.operand(rest, "read", scope);
        return;
      }
      const opt = t.includes("=") ? t.slice(0, t.indexOf("=")) : t;
      const bundled = /^-[a-zA-Z]{2,4}$/.test(t) &&
        [...spec.inline].some((o) => /^-\w$/.test(o) && t.includes(o[1]!));
      if (spec.inline.has(opt) || bundled) {
        this.inline(`${base} ${opt} runs code given on the command line`);
        return;
      }
      if (spec.module?.has(opt)) return;
      if (t.startsWith("-")) {
        if (spec.valued.has(opt) && !t.includes("=")) {
          const value = args[i + 1];
          if (value !== undefined) this.operand(value, "read", scope);
          i++;
        }
        continue;
      }
      this.script(base, a, args.slice(i + 1), stdin, scope);
      return;
    }
    this.stdinProgram(base, stdin, scope);
  }

  script(
    base: string,
    script: Arg,
    rest: readonly Arg[],
    stdin: StdinSource,
    scope: ShellScope,
  ): void {
    if (base === "deno" || base === "bun") {
      if (script.text === "eval") this.inline(`${base} eval runs code given on the command line`);
    }
    if (script.processSubstitution) {
      this.deny(
        "shell.pipe_to_interpreter",
        `${base} runs a program from a process substitution, which cannot be checked`,
      );
    }
    if (STDIN_NAMES.test(script.text)) {
      this.stdinProgram(base, stdin, scope);
      return;
    }
    if (this.writtenNow(script, scope)) {
      this.inline(`${base} runs ${script.text}, a program written by this same command`);
    }
    this.operand(script, "read", scope);
    for (const a of rest) this.operand(a, "read", scope);
  }

  /** Judges the file in `@file`, `name=@file` or `name=<file` (curl and friends read it). */
  fileReference(arg: Arg, scope: ShellScope): void {
    const at = /^@(.+)$|=[@<](.+)$/.exec(arg.text);
    if (at !== null) this.pathText(at[1] ?? at[2]!, "read", scope);
  }

  /** Judges one operand as a file: its text, and the path part of `--opt=path`, `key=path` or `@path`. */
  operand(arg: Arg, access: PathAccess, scope: ShellScope): void {
    if (arg.processSubstitution) return;
    const t = arg.text;
    this.fileReference(arg, scope);
    const kv = /^(-{0,2}[\w.-]+)=(.*)$/s.exec(t);
    if (kv !== null && arg.exact) {
      this.pathText(kv[2]!, kv[1] === "of" ? "write" : access, scope);
      return;
    }
    if (t.startsWith("-") && t.length > 1 && arg.exact) return;
    this.path(arg.field, access, scope);
  }

  /** The operands of an ordinary command, judged by what the command does with them. */
  operands(base: string, args: readonly Arg[], scope: ShellScope): void {
    if (NO_PATH_COMMANDS.has(base)) return;
    if (base === "git") {
      this.git(args, scope);
      return;
    }
    if (base === "tar") {
      for (const a of args) {
        const risk = tarRisk(a.text) ??
          (/^-[A-Za-z]*[IF]/.test(a.text) && !a.text.startsWith("--")
            ? "tar -I/-F runs a program"
            : undefined);
        if (risk !== undefined) this.inline(risk);
      }
    }
    if (
      base === "rsync" &&
      args.some((a) => /^(-e|--rsh)(=|$)/.test(a.text) || /^-[a-zA-Z]*e$/.test(a.text))
    ) {
      this.inline("rsync -e names a program to run");
    }
    if (
      base === "ssh" &&
      args.some((a) =>
        /ProxyCommand|LocalCommand|PermitLocalCommand|KnownHostsCommand/i.test(a.text)
      )
    ) {
      this.inline("ssh options that run a local command");
    }
    const patternOptions = PATTERN_FIRST.get(base);
    let patternPending = patternOptions !== undefined;
    const writeAll = WRITES_ALL.has(base);
    const writeLast = WRITES_LAST.has(base);
    const positional: Arg[] = [];
    let sedInPlace = false;
    let sedScripts: string[] = [];
    let awkProgram: string | undefined;
    let ended = false;
    for (let i = 0; i < args.length; i++) {
      const a = args[i]!;
      const t = a.text;
      if (!ended && t === "--") {
        ended = true;
        continue;
      }
      if (!ended && t.startsWith("-") && t.length > 1) {
        const opt = t.includes("=") ? t.slice(0, t.indexOf("=")) : t;
        const inlineValue = t.includes("=") ? t.slice(t.indexOf("=") + 1) : undefined;
        const next = args[i + 1];
        if (base === "sed" && /^-[a-zA-Z]*i/.test(t) && !t.startsWith("--")) sedInPlace = true;
        if (base === "sed" && opt === "--in-place") sedInPlace = true;
        if (patternOptions?.has(opt)) {
          patternPending = false;
          const value = inlineValue ?? next?.text;
          if (opt === "-f" || opt === "--file" || opt === "--from-file") {
            if (inlineValue === undefined && next !== undefined) this.operand(next, "read", scope);
          } else if (value !== undefined) {
            if (base === "sed") sedScripts.push(value);
          }
          if (inlineValue === undefined) i++;
          continue;
        }
        if (WRITE_OPTIONS.has(opt) && !["grep", "rg", "ls", "sort"].includes(base)) {
          if (inlineValue !== undefined) this.pathText(inlineValue, "write", scope);
          else if (next !== undefined) this.operand(next, "write", scope), i++;
          continue;
        }
        if (base === "sort" && (opt === "-o" || opt === "--output")) {
          if (inlineValue !== undefined) this.pathText(inlineValue, "write", scope);
          else if (next !== undefined) this.operand(next, "write", scope), i++;
          continue;
        }
        if (NON_PATH_OPTIONS.has(opt)) {
          const takesNext = inlineValue === undefined && !["-n", "-w", "-F", "-u"].includes(opt);
          // A value such as `@file` (curl -d, -F name=@file) still names a file that is read.
          const value = takesNext ? next : a;
          if (value !== undefined) this.fileReference(value, scope);
          if (takesNext) i++;
          continue;
        }
        const bundle = /^-[a-zA-Z]*([oO])$/.exec(t);
        if (
          bundle !== null && !["grep", "rg", "ls", "ps", "sort"].includes(base) &&
          next !== undefined
        ) {
          this.operand(next, "write", scope);
          i++;
          continue;
        }
        if ((base === "awk" || base === "mawk" || base === "nawk") && opt === "-v") {
          i++;
          continue;
        }
        this.operand(a, "read", scope);
        continue;
      }
      if (patternPending) {
        patternPending = false;
        if (base === "sed") sedScripts.push(t);
        if (base === "awk" || base === "gawk" || base === "mawk" || base === "nawk") awkProgram = t;
        if (!a.exact && (base === "sed" || awkProgram !== undefined)) {
          this.inline(`the ${base} program is computed when the command runs`);
        }
        continue;
      }
      positional.push(a);
    }
    if (awkProgram !== undefined) {
      const risk = awkRisk(awkProgram);
      if (risk !== undefined) this.inline(risk);
      for (const file of awkWrites(awkProgram)) this.pathText(file, "write", scope);
      for (const file of awkReads(awkProgram)) this.pathText(file, "read", scope);
    }
    if (base === "sed") {
      sedScripts = sedScripts.filter((s) => s !== "");
      for (const script of sedScripts) {
        const effects = sedEffects(script);
        if (effects.runs !== undefined) this.inline(effects.runs);
        for (const f of effects.writes) this.pathText(f, "write", scope);
        for (const f of effects.reads) this.pathText(f, "read", scope);
      }
    }
    positional.forEach((a, i) => {
      const write = writeAll ||
        (writeLast && i === positional.length - 1 && positional.length > 1) ||
        (base === "sed" && sedInPlace);
      this.operand(a, write ? "write" : "read", scope);
    });
  }

  git(args: readonly Arg[], scope: ShellScope): void {
    let i = 0;
    for (; i < args.length; i++) {
      const a = args[i]!;
      const t = a.text;
      if (!t.startsWith("-")) break;
      if (t === "-c" || t === "--config-env") {
        const setting = args[i + 1];
        i++;
        if (setting === undefined) continue;
        const eq = setting.text.indexOf("=");
        const key = eq === -1 ? setting.text : setting.text.slice(0, eq);
        const risk = !setting.exact
          ? "git -c with a computed setting"
          : gitConfigRisk(key, t === "-c" ? setting.text.slice(eq + 1) : undefined);
        if (risk !== undefined) this.inline(risk);
        continue;
      }
      if (/^--(exec-path|upload-pack|receive-pack)(=|$)/.test(t)) {
        this.inline(`git ${t.split("=")[0]} names a program git runs`);
      }
      if (t === "-C" || t === "--git-dir" || t === "--work-tree" || t === "--namespace") {
        const value = args[i + 1];
        if (value !== undefined) this.operand(value, "read", scope);
        i++;
        continue;
      }
      if (/^--(git-dir|work-tree)=/.test(t)) this.operand(a, "read", scope);
    }
    const sub = args[i]?.text;
    const rest = args.slice(i + 1);
    if (sub === "config") {
      const positional = rest.filter((a) => !a.text.startsWith("-"));
      const key = positional[0];
      if (key !== undefined && positional.length >= 2) {
        const risk = gitConfigRisk(
          key.text,
          positional[1]!.exact ? positional[1]!.text : undefined,
        );
        if (risk !== undefined) this.inline(risk);
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
        if (file !== undefined) this.operand(file, "read", scope);
        if (!a.text.includes("=")) j++;
        continue;
      }
      if (a.text.startsWith("-")) continue;
      // `REV:path` names a file as stored in git.
      const stored = /^[^:/]*:(.+)$/.exec(a.text);
      if (stored !== null && a.exact) this.pathText(stored[1]!, "read", scope);
      // Revisions, remotes and paths look alike; a path that is not a file is harmless to judge.
      this.operand(a, "read", scope);
    }
  }
}

function literalArg(text: string): Arg {
  return {
    field: [{ text, glob: false }],
    text,
    exact: true,
    literal: true,
    processSubstitution: false,
  };
}
