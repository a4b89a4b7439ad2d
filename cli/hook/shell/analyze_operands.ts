/**
 * The Bash analysis of a command's operands: which arguments are files it
 * reads or writes, per command (and `git`'s own options).
 */

import {
  NO_PATH_COMMANDS,
  NON_PATH_OPTIONS,
  PATTERN_FIRST,
  WRITE_OPTIONS,
  WRITES_ALL,
  WRITES_LAST,
} from "./command_table.ts";
import { awkReads, awkRisk, awkWrites, sedEffects, tarRisk } from "./inline_code.ts";
import { analyzeGit } from "./analyze_git.ts";
import type { ShellScope } from "./shell_scope.ts";
import { analyzeSearcher, SEARCHERS } from "./analyze_searchers.ts";
import { analyzeCopier, COPIERS } from "./analyze_copiers.ts";
import type { Arg } from "./shell_arg.ts";
import type { CommandAnalysis } from "./command_analysis.ts";

/** The operands of an ordinary command, judged by what the command does with them. */
export function analyzeOperands(
  analysis: CommandAnalysis,
  base: string,
  args: readonly Arg[],
  scope: ShellScope,
): void {
  if (NO_PATH_COMMANDS.has(base)) return;
  if (SEARCHERS.has(base)) analyzeSearcher(analysis, base, args, scope);
  if (COPIERS.has(base)) analyzeCopier(analysis, base, args, scope);
  if (base === "git") {
    analyzeGit(analysis, args, scope);
    return;
  }
  if (base === "tar") {
    for (const a of args) {
      const risk = tarRisk(a.text) ??
        (/^-[A-Za-z]*[IF]/.test(a.text) && !a.text.startsWith("--")
          ? "tar -I/-F runs a program"
          : undefined);
      if (risk !== undefined) analysis.inline(risk);
    }
  }
  if (
    base === "rsync" &&
    args.some((a) => /^(-e|--rsh)(=|$)/.test(a.text) || /^-[a-zA-Z]*e$/.test(a.text))
  ) {
    analysis.inline("rsync -e names a program to run");
  }
  if (
    base === "ssh" &&
    args.some((a) => /ProxyCommand|LocalCommand|PermitLocalCommand|KnownHostsCommand/i.test(a.text))
  ) {
    analysis.inline("ssh options that run a local command");
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
          if (inlineValue === undefined && next !== undefined) {
            analysis.operand(next, "read", scope);
          }
        } else if (value !== undefined) {
          if (base === "sed") sedScripts.push(value);
        }
        if (inlineValue === undefined) i++;
        continue;
      }
      if (WRITE_OPTIONS.has(opt) && !["grep", "rg", "ls", "sort"].includes(base)) {
        if (inlineValue !== undefined) analysis.pathText(inlineValue, "write", scope);
        else if (next !== undefined) analysis.operand(next, "write", scope), i++;
        continue;
      }
      if (base === "sort" && (opt === "-o" || opt === "--output")) {
        if (inlineValue !== undefined) analysis.pathText(inlineValue, "write", scope);
        else if (next !== undefined) analysis.operand(next, "write", scope), i++;
        continue;
      }
      if (NON_PATH_OPTIONS.has(opt)) {
        const takesNext = inlineValue === undefined && !["-n", "-w", "-F", "-u"].includes(opt);
        // A value such as `@file` (curl -d, -F name=@file) still names a file that is read.
        const value = takesNext ? next : a;
        if (value !== undefined) analysis.fileReference(value, scope);
        if (takesNext) i++;
        continue;
      }
      const bundle = /^-[a-zA-Z]*([oO])$/.exec(t);
      if (
        bundle !== null && !["grep", "rg", "ls", "ps", "sort"].includes(base) &&
        next !== undefined
      ) {
        analysis.operand(next, "write", scope);
        i++;
        continue;
      }
      if ((base === "awk" || base === "mawk" || base === "nawk") && opt === "-v") {
        i++;
        continue;
      }
      analysis.operand(a, "read", scope);
      continue;
    }
    if (patternPending) {
      patternPending = false;
      if (base === "sed") sedScripts.push(t);
      if (base === "awk" || base === "gawk" || base === "mawk" || base === "nawk") awkProgram = t;
      if (!a.exact && (base === "sed" || awkProgram !== undefined)) {
        analysis.inline(`the ${base} program is computed when the command runs`);
      }
      continue;
    }
    positional.push(a);
  }
  if (awkProgram !== undefined) {
    const risk = awkRisk(awkProgram);
    if (risk !== undefined) analysis.inline(risk);
    for (const file of awkWrites(awkProgram)) analysis.pathText(file, "write", scope);
    for (const file of awkReads(awkProgram)) analysis.pathText(file, "read", scope);
  }
  if (base === "sed") {
    sedScripts = sedScripts.filter((s) => s !== "");
    for (const script of sedScripts) {
      const effects = sedEffects(script);
      if (effects.runs !== undefined) analysis.inline(effects.runs);
      for (const f of effects.writes) analysis.pathText(f, "write", scope);
      for (const f of effects.reads) analysis.pathText(f, "read", scope);
    }
  }
  positional.forEach((a, i) => {
    const write = writeAll ||
      (writeLast && i === positional.length - 1 && positional.length > 1) ||
      (base === "sed" && sedInPlace);
    analysis.operand(a, write ? "write" : "read", scope);
  });
}
