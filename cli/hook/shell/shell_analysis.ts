/**
 * One Bash command line under analysis: the walk over every simple command,
 * the verdicts gathered, and the judging of paths and command names. The
 * handlers of particular commands live in the analyze_*.ts files.
 */

import { SHELL_BUILTINS } from "../binary/shell_builtins.ts";
import { denied, type PathAccess, refused, type Verdict } from "../verdict.ts";
import { interpreterFamily, SHELLS, WRAPPERS } from "./command_table.ts";
import { isDangerousAssignment } from "./dangerous_env.ts";
import { expandGlobs } from "./expand_globs.ts";
import type { ShellCommand, StdinSource } from "./shell_command.ts";
import { isSyntaxError } from "./shell_parser.ts";
import { exactValue, type ShellScope } from "./shell_scope.ts";
import { type Field, fieldIsExact, fieldIsOpaque, fieldText } from "./shell_word.ts";
import { resolveIn } from "./resolve_in.ts";
import { walkShell } from "./walk_shell.ts";
import { throughPlannedLinks } from "./planned_links.ts";
import {
  type Arg,
  COMMAND_STRING_TOOLS,
  flatten,
  literalArg,
  MAX_SHELL_NESTING,
  STDIN_NAMES,
  Stop,
  VANISHED,
} from "./shell_arg.ts";
import { analyzeFind, analyzeWrapper, analyzeXargs } from "./analyze_wrappers.ts";
import { analyzeInterpreter, analyzeShell } from "./analyze_interpreters.ts";
import { analyzeOperands } from "./analyze_operands.ts";
import { analyzeLauncher, LAUNCHERS } from "./analyze_launchers.ts";
import { analyzeFetcher, FETCHERS } from "./analyze_fetchers.ts";
import { hiddenEvaluation, SUBSCRIPT_SUBSTITUTION } from "./analyze_eval.ts";
import type { BashContext } from "./bash_context.ts";
import type { CommandAnalysis, Listing, TreeFilter } from "./command_analysis.ts";

/** One Bash command line under analysis: its verdicts so far and what it wrote. */
export class Analysis implements CommandAnalysis {
  readonly verdicts: Verdict[] = [];
  /** Absolute paths written so far in this command line. */
  readonly written = new Set<string>();
  /**
   * What each pipe carries, by the token of the pipeline element writing it
   * (ShellCommand.stdout): a check that the names it prints are no protected
   * file (a `find`, a `grep -l`), or null when its output is not a known listing.
   */
  readonly pipes = new Map<object, Listing | null>();
  /** Symlinks made earlier in this command line: absolute link path → target. */
  readonly links = new Map<string, string>();
  /** Set by the handler of the command being analysed when it prints file names only. */
  listing: Listing | null = null;

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
      if (this.links.size > 0) {
        const expanded = this.home(text, scope);
        const raw = expanded.startsWith("/") ? expanded : `${cwd}/${expanded}`;
        const through = throughPlannedLinks(raw, this.links);
        if (through !== undefined) this.add(this.ctx.judgePath(through, access, cwd));
      }
      if (access === "write" && fieldIsExact(field)) this.written.add(resolveIn(cwd, text));
      if (!fieldIsExact(field) && this.ctx.listDir !== undefined) {
        for (const match of expandGlobs(field, cwd, this.ctx.listDir)) {
          this.add(this.ctx.judgePath(match, access, cwd));
        }
      }
    }
  }

  /** Records `ln -s TARGET LINK`, so later paths through LINK are judged where it points. */
  plannedLink(link: string, target: string, scope: ShellScope): void {
    for (const cwd of this.folders(scope)) {
      const at = resolveIn(cwd, this.home(link, scope));
      const folder = at.slice(0, at.lastIndexOf("/")) || "/";
      const to = this.home(target, scope);
      this.links.set(at, to.startsWith("/") ? to : `${folder}/${to}`);
    }
  }

  /** `~` and `~/…` as the home folder. */
  home(text: string, scope: ShellScope): string {
    const home = exactValue(scope.lookup("HOME")) ?? this.ctx.env["HOME"];
    if (home === undefined) return text;
    return text === "~" ? home : text.startsWith("~/") ? home + text.slice(1) : text;
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
      const value = exactValue(a.value);
      if (value !== undefined && SUBSCRIPT_SUBSTITUTION.test(value)) {
        this.deny(
          "shell.eval",
          `${a.name} holds an array subscript with a command substitution, which arithmetic would run`,
        );
      }
      if (isDangerousAssignment(a.name, value, this.ctx.env["HOME"])) {
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
    this.listing = null;
    if (cmd.words.length > 0) this.invoke(flatten(cmd.words), cmd, cmd.stdin, depth);
    if (cmd.stdout !== undefined) {
      // Two commands writing into one pipe (`{ find .; cat x; } | …`): not a known listing.
      this.pipes.set(cmd.stdout, this.pipes.has(cmd.stdout) ? null : this.listing);
    }
    this.listing = null;
  }

  /** What the pipe feeding `stdin` carries: a listing check, or null when unknown. */
  pipeListing(stdin: StdinSource): Listing | null {
    if (stdin.kind !== "pipe" || stdin.from === undefined) return null;
    return this.pipes.get(stdin.from) ?? null;
  }

  /**
   * Judges a recursive read of the folder `arg` names (every file below it
   * that `include` selects). A folder computed when the command runs is
   * denied: the walk cannot know which tree it would read.
   */
  tree(arg: Arg, scope: ShellScope, include?: TreeFilter, enter?: TreeFilter): void {
    if (arg.processSubstitution) return;
    for (const verdict of this.treeVerdicts(arg, scope, include, enter)) this.add(verdict);
  }

  /** The verdicts of a recursive read of `arg` (see tree), without adding them. */
  treeVerdicts(
    arg: Arg,
    scope: ShellScope,
    include?: TreeFilter,
    enter?: TreeFilter,
  ): Verdict[] {
    if (arg.field.some((p) => "unknown" in p) || arg.text === "") {
      return [
        denied(
          "shell.dynamic_path",
          `a recursive read of a folder computed when the command runs (\`${
            arg.text || "…"
          }\`); name the folder literally`,
        ),
      ];
    }
    const out: Verdict[] = [];
    for (const cwd of this.folders(scope)) {
      if (fieldIsExact(arg.field)) out.push(this.ctx.judgeTree(arg.text, cwd, include, enter));
      else if (this.ctx.listDir !== undefined) {
        for (const match of expandGlobs(arg.field, cwd, this.ctx.listDir)) {
          out.push(this.ctx.judgeTree(match, cwd, include, enter));
        }
      }
    }
    return out;
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
    const hidden = hiddenEvaluation(base, args);
    if (hidden !== undefined) this.deny("shell.eval", hidden);
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
      analyzeWrapper(this, base, args, cmd, stdin, depth);
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
      analyzeXargs(this, args, cmd, depth);
      return;
    }
    if (base === "find") {
      analyzeFind(this, args, cmd, depth);
      return;
    }
    if (SHELLS.has(base)) {
      analyzeShell(this, base, args, cmd, stdin, depth);
      return;
    }
    const family = interpreterFamily(base);
    if (family !== undefined) {
      analyzeInterpreter(this, base, family, args, stdin, scope);
      return;
    }
    if (LAUNCHERS.has(base)) analyzeLauncher(this, base, args, cmd, depth);
    if (FETCHERS.has(base)) analyzeFetcher(this, base, args, scope);
    analyzeOperands(this, base, args, scope);
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
}
