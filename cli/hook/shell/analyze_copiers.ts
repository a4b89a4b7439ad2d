/**
 * Commands that copy, archive or compare whole folders — `tar c`, `cp -r`,
 * `rsync -r`/`-a`, `scp -r`, `zip -r`, `7z a`, `diff -r` — read every file
 * below the folders they are given, so each source folder is judged as a
 * tree. And commands that make another name for a file — `ln`, `ln -s`,
 * `cp -l`/`-s` — are judged as writing the file they link to: a second name
 * is a way to write (and read) it that the path rules would not recognise.
 */

import type { ShellScope } from "./shell_scope.ts";
import type { Arg } from "./shell_arg.ts";
import type { CommandAnalysis } from "./command_analysis.ts";

/** Commands handled here. */
export const COPIERS: ReadonlySet<string> = new Set([
  "tar",
  "bsdtar",
  "cp",
  "rsync",
  "scp",
  "zip",
  "7z",
  "7za",
  "7zz",
  "diff",
  "ln",
]);

/** Options of each command that take the next argument as their value. */
const VALUED: Readonly<Record<string, ReadonlySet<string>>> = {
  tar: new Set([
    "-f",
    "--file",
    "-C",
    "--directory",
    "-T",
    "--files-from",
    "-X",
    "--exclude-from",
    "-b",
    "-I",
    "--use-compress-program",
    "-H",
    "--format",
    "-V",
    "--label",
    "-N",
    "--newer",
    "--owner",
    "--group",
    "--mode",
    "--mtime",
    "--exclude",
  ]),
  cp: new Set(["-t", "--target-directory", "-S", "--suffix", "--backup"]),
  rsync: new Set([
    "-e",
    "--rsh",
    "--exclude",
    "--include",
    "--exclude-from",
    "--include-from",
    "--files-from",
    "-f",
    "--filter",
    "--link-dest",
    "--compare-dest",
    "--copy-dest",
    "-T",
    "--temp-dir",
    "--chmod",
    "--log-file",
    "-B",
    "--block-size",
    "--port",
    "--timeout",
    "--bwlimit",
    "--partial-dir",
    "--backup-dir",
    "--suffix",
    "-M",
    "--remote-option",
  ]),
  scp: new Set(["-P", "-i", "-F", "-o", "-c", "-l", "-S", "-J", "-D", "-X"]),
  zip: new Set(["-b", "-n", "-t", "-tt", "-x", "-i", "-P", "-O", "--out", "-Z", "-s"]),
  diff: new Set([
    "-x",
    "--exclude",
    "-X",
    "--exclude-from",
    "-I",
    "--ignore-matching-lines",
    "-S",
    "--starting-file",
    "-L",
    "--label",
    "-C",
    "-U",
    "-W",
    "--width",
    "-F",
  ]),
  ln: new Set(["-t", "--target-directory", "-S", "--suffix", "--backup"]),
};

/** Judges what a copier reads recursively and what a link command makes a second name for. */
export function analyzeCopier(
  analysis: CommandAnalysis,
  base: string,
  args: readonly Arg[],
  scope: ShellScope,
): void {
  const tool = base === "bsdtar" ? "tar" : base.startsWith("7z") ? "7z" : base;
  const valued = VALUED[tool] ?? new Set<string>();
  const flags: string[] = [];
  const positional: Arg[] = [];
  const values = new Map<string, Arg>();
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
    flags.push(t);
    const opt = t.includes("=") ? t.slice(0, t.indexOf("=")) : t;
    if (valued.has(opt) && !t.includes("=")) {
      const value = args[++i];
      if (value !== undefined) values.set(opt, value);
    }
  }
  const has = (short: string, ...long: string[]) =>
    flags.some((f) =>
      long.some((l) => f === l || f.startsWith(`${l}=`)) ||
      (short !== "" && /^-[^-]/.test(f) && [...short].some((c) => f.slice(1).includes(c)))
    );
  switch (tool) {
    case "tar":
      analyzeTar(analysis, args, flags, positional, values, scope);
      return;
    case "cp":
      if (has("rRa", "--recursive", "--archive")) {
        sources(positional, values.has("-t") || values.has("--target-directory"))
          .forEach((a) => analysis.tree(a, scope));
      }
      if (has("ls", "--link", "--symbolic-link")) {
        for (const a of sources(positional, values.has("-t"))) {
          analysis.operand(a, "write", scope);
        }
      }
      return;
    case "rsync":
      if (has("ra", "--recursive", "--archive")) {
        for (const a of sources(positional, false)) {
          if (!isRemote(a.text)) analysis.tree(a, scope);
        }
      }
      return;
    case "scp":
      if (has("r", "--recursive")) {
        for (const a of sources(positional, false)) {
          if (!isRemote(a.text)) analysis.tree(a, scope);
        }
      }
      return;
    case "zip":
      if (has("rR", "--recurse-paths")) positional.slice(1).forEach((a) => analysis.tree(a, scope));
      return;
    case "7z":
      if (positional[0]?.text === "a" || positional[0]?.text === "u") {
        positional.slice(2).forEach((a) => analysis.tree(a, scope));
      }
      return;
    case "diff":
      if (has("r", "--recursive")) positional.forEach((a) => analysis.tree(a, scope));
      return;
    case "ln": {
      // The file linked to gains a second name: judge it as written (and read) there.
      const targets = values.has("-t") || values.has("--target-directory")
        ? positional
        : positional.length === 1
        ? positional
        : positional.slice(0, -1);
      const link = positional.length > 1 && targets !== positional ? positional.at(-1) : undefined;
      const symbolic = has("s", "--symbolic");
      for (const target of targets) {
        analysis.operand(target, "read", scope);
        analysis.operand(target, "write", scope);
        // A relative symlink target is relative to the link's folder, not the working folder.
        if (symbolic && link !== undefined && target.exact && !target.text.startsWith("/")) {
          const slash = link.text.lastIndexOf("/");
          if (slash > 0) {
            const there = `${link.text.slice(0, slash)}/${target.text}`;
            analysis.pathText(there, "read", scope);
            analysis.pathText(there, "write", scope);
          }
        }
        if (symbolic && link !== undefined && link.exact && target.exact) {
          analysis.plannedLink(link.text, target.text, scope);
        }
      }
      return;
    }
  }
}

/** The sources of `cp SRC… DEST` (every operand when the target came by `-t`). */
function sources(positional: readonly Arg[], targetGiven: boolean): readonly Arg[] {
  return targetGiven ? positional : positional.slice(0, -1);
}

/** `host:path` or `user@host:path` (a `:` before any `/`): not a local file. */
function isRemote(text: string): boolean {
  const colon = text.indexOf(":");
  return colon > 0 && !text.slice(0, colon).includes("/");
}

/** `tar c`: every member named is read, folders recursively; `-T` names them in a file. */
function analyzeTar(
  analysis: CommandAnalysis,
  args: readonly Arg[],
  flags: readonly string[],
  positional: Arg[],
  values: ReadonlyMap<string, Arg>,
  scope: ShellScope,
): void {
  // Old style: `tar czf out.tgz src` — the first word is a bundle of letters.
  let members = positional;
  let creating = flags.some((f) =>
    /^-[a-zA-Z]*[cru]/.test(f) && !f.startsWith("--") ||
    /^--(create|append|update)$/.test(f)
  );
  const first = args[0];
  if (first !== undefined && !first.text.startsWith("-") && /^[a-zA-Z]+$/.test(first.text)) {
    creating = /[cru]/.test(first.text);
    members = positional.slice(1);
    // Each letter that takes a value (f, C, T, X, b…) takes the next positional word in turn.
    const takes = [...first.text].filter((c) => "fCTXbHVNI".includes(c)).length;
    members = members.slice(takes);
  }
  if (!creating) return;
  if (
    values.has("-T") || values.has("--files-from") || flags.some((f) => /^--files-from=/.test(f))
  ) {
    analysis.deny(
      "shell.dynamic_path",
      "tar -T reads the names of the files to archive from a file, which cannot be checked; name them on the command line",
    );
  }
  // With `-C DIR` the members are relative to DIR; judge them both ways.
  const dir = values.get("-C") ?? values.get("--directory");
  for (const member of members) {
    analysis.tree(member, scope);
    if (dir !== undefined && dir.exact && !member.text.startsWith("/")) {
      analysis.tree({
        ...member,
        text: `${dir.text}/${member.text}`,
        field: [{ text: `${dir.text}/${member.text}`, glob: false }],
      }, scope);
    }
  }
}
