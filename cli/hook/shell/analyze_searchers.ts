/**
 * Recursive searchers — `grep -r`, `rg`, `ag`, `ack` — read every file below
 * the folders they are given (the working folder when none is), so each
 * folder is judged as a tree, narrowed only by the filters the searcher
 * really applies: grep's `--include`/`--exclude`/`--exclude-dir`, ripgrep's
 * and ag's skipping of hidden files, ripgrep's `--glob` and `--type`.
 * Ignore files (`.gitignore`) are not read: a file they would skip is still
 * judged, which can only deny more.
 */

import { globToRegExp } from "../tools/grep_filter.ts";
import { ALLOWED, strictest } from "../verdict.ts";
import type { ShellScope } from "./shell_scope.ts";
import { type Arg, literalArg } from "./shell_arg.ts";
import type { CommandAnalysis } from "./command_analysis.ts";

type Filter = (relative: string) => boolean;

/** Commands handled here. */
export const SEARCHERS: ReadonlySet<string> = new Set([
  "grep",
  "egrep",
  "fgrep",
  "rgrep",
  "rg",
  "ag",
  "ack",
  "ack-grep",
]);

const GREP_SHORT_VALUED = "efmABCdD";
const GREP_LONG_VALUED = new Set([
  "--regexp",
  "--file",
  "--max-count",
  "--after-context",
  "--before-context",
  "--context",
  "--directories",
  "--devices",
  "--include",
  "--exclude",
  "--exclude-dir",
  "--exclude-from",
  "--label",
  "--group-separator",
  "--binary-files",
]);
const RG_SHORT_VALUED = "efgtTmABCMjErd";
const RG_LONG_VALUED = new Set([
  "--regexp",
  "--file",
  "--glob",
  "--iglob",
  "--type",
  "--type-not",
  "--type-add",
  "--type-clear",
  "--max-count",
  "--max-depth",
  "--maxdepth",
  "--max-filesize",
  "--max-columns",
  "--replace",
  "--context",
  "--after-context",
  "--before-context",
  "--threads",
  "--encoding",
  "--sort",
  "--sortr",
  "--color",
  "--colors",
  "--path-separator",
  "--engine",
  "--pre",
  "--pre-glob",
  "--ignore-file",
  "--field-match-separator",
  "--field-context-separator",
  "--context-separator",
  "--dfa-size-limit",
  "--regex-size-limit",
  "--hyperlink-format",
  "--generate",
  "--max-count",
]);
const AG_SHORT_VALUED = "ABCGgmp";
const AG_LONG_VALUED = new Set([
  "--after",
  "--before",
  "--context",
  "--file-search-regex",
  "--max-count",
  "--path-to-ignore",
  "--pager",
  "--depth",
  "--ignore",
  "--ignore-dir",
]);

/** One searcher's options, as far as they decide which files it reads. */
interface SearchOptions {
  recursive: boolean;
  /** A pattern was given by an option (`-e`, `-f`): every operand is a path. */
  patternGiven: boolean;
  listsNames: boolean;
  filesOnly: boolean;
  hidden: boolean;
  includes: string[];
  excludes: string[];
  excludeDirs: string[];
  globs: Array<{ readonly glob: string; readonly insensitive: boolean }>;
  /** How many times rg's `-u` was given (twice lets hidden files in). */
  unrestricted: number;
  pre: boolean;
}

/**
 * Judges a searcher: the trees it reads (when it searches folders) and, when
 * it prints only file names, records a listing check for an `xargs` it feeds.
 */
export function analyzeSearcher(
  analysis: CommandAnalysis,
  base: string,
  args: readonly Arg[],
  scope: ShellScope,
): void {
  const kind = base === "rg"
    ? "rg"
    : base === "ag"
    ? "ag"
    : base.startsWith("ack")
    ? "ack"
    : "grep";
  const opts: SearchOptions = {
    recursive: kind !== "grep" || base === "rgrep",
    patternGiven: false,
    listsNames: false,
    filesOnly: false,
    hidden: kind === "grep" || kind === "ack",
    includes: [],
    excludes: [],
    excludeDirs: [],
    globs: [],
    unrestricted: 0,
    pre: false,
  };
  const positional = parseOptions(kind, args, opts);
  if (opts.pre) analysis.inline("rg --pre runs a program on every file it searches");
  const paths = opts.patternGiven || opts.filesOnly ? positional : positional.slice(1);
  if (!opts.recursive) {
    // The names it prints are among its operands, which were judged as files.
    if (opts.listsNames) analysis.listing = () => ALLOWED;
    return;
  }
  const include = filterOf(kind, opts);
  // ripgrep and ag skip hidden folders (`.git`) unless told otherwise or a glob may select them.
  const skipsHidden = (kind === "rg" || kind === "ag") && !opts.hidden &&
    !opts.globs.some((g) => !g.glob.startsWith("!"));
  const excludedDirs = opts.excludeDirs.map((g) => globToRegExp(g));
  const enter = skipsHidden
    ? (rel: string) => !rel.split("/").some((s) => s.startsWith("."))
    : kind === "grep" && excludedDirs.length > 0
    ? (rel: string) => !excludedDirs.some((re) => re?.test(rel.slice(rel.lastIndexOf("/") + 1)))
    : undefined;
  const folders = paths.length > 0 ? paths : [literalArg(".")];
  if (!opts.filesOnly) {
    for (const folder of folders) analysis.tree(folder, scope, include, enter);
  }
  if (opts.listsNames || opts.filesOnly) {
    analysis.listing = () =>
      strictest(
        folders.flatMap((folder) => analysis.treeVerdicts(folder, scope, include, enter)),
      );
  }
}

function parseOptions(kind: string, args: readonly Arg[], o: SearchOptions): Arg[] {
  const shortValued = kind === "rg"
    ? RG_SHORT_VALUED
    : kind === "ag"
    ? AG_SHORT_VALUED
    : GREP_SHORT_VALUED;
  const longValued = kind === "rg"
    ? RG_LONG_VALUED
    : kind === "ag"
    ? AG_LONG_VALUED
    : GREP_LONG_VALUED;
  const positional: Arg[] = [];
  let ended = false;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const t = a.text;
    if (ended || !t.startsWith("-") || t === "-") {
      positional.push(a);
      continue;
    }
    if (t === "--") {
      ended = true;
      continue;
    }
    if (t.startsWith("--")) {
      const eq = t.indexOf("=");
      const opt = eq === -1 ? t : t.slice(0, eq);
      let value = eq === -1 ? undefined : t.slice(eq + 1);
      if (value === undefined && longValued.has(opt)) value = args[++i]?.text ?? "";
      long(kind, opt, value, o);
      continue;
    }
    for (let j = 1; j < t.length; j++) {
      const c = t[j]!;
      if (shortValued.includes(c)) {
        const value = j + 1 < t.length ? t.slice(j + 1) : args[++i]?.text ?? "";
        short(kind, c, value, o);
        break;
      }
      short(kind, c, undefined, o);
    }
  }
  return positional;
}

function short(kind: string, c: string, value: string | undefined, o: SearchOptions): void {
  if (c === "e" || c === "f") o.patternGiven = true;
  if (kind === "grep") {
    if (c === "r" || c === "R") o.recursive = true;
    if (c === "d" && value === "recurse") o.recursive = true;
    if (c === "l" || c === "L") o.listsNames = true;
    return;
  }
  if (c === "l" || c === "L" && kind !== "rg") o.listsNames = true;
  if (kind === "rg") {
    if (c === ".") o.hidden = true;
    if (c === "u" && ++o.unrestricted >= 2) o.hidden = true;
    if (c === "g" && value !== undefined) o.globs.push({ glob: value, insensitive: false });
  }
  if (kind === "ag" && (c === "u" || c === "a")) o.hidden = true;
}

function long(kind: string, opt: string, value: string | undefined, o: SearchOptions): void {
  if (opt === "--regexp" || opt === "--file") o.patternGiven = true;
  if (/^--files-(with|without)(out)?-match(es)?$/.test(opt) || opt === "--files-with-matches") {
    o.listsNames = true;
  }
  if (kind === "grep") {
    if (opt === "--recursive" || opt === "--dereference-recursive") o.recursive = true;
    if (opt === "--directories" && value === "recurse") o.recursive = true;
    if (opt === "--include" && value !== undefined) o.includes.push(value);
    if (opt === "--exclude" && value !== undefined) o.excludes.push(value);
    if (opt === "--exclude-dir" && value !== undefined) o.excludeDirs.push(value);
    return;
  }
  if (opt === "--hidden" || opt === "--unrestricted") o.hidden = true;
  if (kind === "rg") {
    if (opt === "--files") o.filesOnly = true;
    if ((opt === "--glob" || opt === "--iglob") && value !== undefined) {
      o.globs.push({ glob: value, insensitive: opt === "--iglob" });
    }
    if (opt === "--pre") o.pre = true;
  }
}

/** The files below a searched folder that the searcher opens. */
function filterOf(kind: string, o: SearchOptions): Filter {
  const base = (rel: string) => rel.slice(rel.lastIndexOf("/") + 1);
  const dirs = (rel: string) => rel.split("/").slice(0, -1);
  // A glob this reader does not understand matches everything (`unknown`): a
  // positive one then widens, and a negative one must not narrow.
  const globTest = (glob: string, insensitive: boolean, unknown: boolean): Filter => {
    const regex = globToRegExp(insensitive ? glob.toLowerCase() : glob);
    if (regex === undefined) return () => unknown;
    const anywhere = !glob.includes("/");
    return (rel) => {
      const subject = anywhere ? base(rel) : rel;
      return regex.test(insensitive ? subject.toLowerCase() : subject);
    };
  };
  if (kind === "grep") {
    const inc = o.includes.map((g) => globTest(g, false, true));
    const exc = o.excludes.map((g) => globTest(g, false, false));
    const excDir = o.excludeDirs.map((g) => globTest(g, false, false));
    return (rel) =>
      (inc.length === 0 || inc.some((t) => t(base(rel)))) && !exc.some((t) => t(base(rel))) &&
      !dirs(rel).some((d) => excDir.some((t) => t(d)));
  }
  const positive = o.globs.filter((g) => !g.glob.startsWith("!")).map((g) =>
    globTest(g.glob, g.insensitive, true)
  );
  const negative = o.globs.filter((g) => g.glob.startsWith("!")).map((g) =>
    globTest(g.glob.slice(1), g.insensitive, false)
  );
  const hiddenOut = !o.hidden;
  return (rel) => {
    if (negative.some((t) => t(rel))) return false;
    // A matching --glob overrides the hidden-file rule (ripgrep's overrides come first).
    if (positive.length > 0) return positive.some((t) => t(rel));
    if (hiddenOut && rel.split("/").some((s) => s.startsWith("."))) return false;
    return true;
  };
}
