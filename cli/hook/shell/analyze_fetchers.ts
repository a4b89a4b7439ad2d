/**
 * `curl` and `wget` as file readers and writers: a `file:` URL reads a local
 * file, `-K`/`--config` (and wget's `-e`, `-i`) take options or URLs from a
 * file the hook does not read, and a download lands in a file named by the
 * URL when `-O`/`--remote-name` (curl) or no `-O` (wget) is given.
 */

import type { ShellScope } from "./shell_scope.ts";
import type { Arg } from "./shell_arg.ts";
import type { CommandAnalysis } from "./command_analysis.ts";

/** Commands handled here. */
export const FETCHERS: ReadonlySet<string> = new Set(["curl", "wget"]);

/** Judges the local files a curl or wget call reads and writes beyond its plain operands. */
export function analyzeFetcher(
  analysis: CommandAnalysis,
  base: string,
  args: readonly Arg[],
  scope: ShellScope,
): void {
  const texts = args.map((a) => a.text);
  const urls: string[] = [];
  let remoteName = base === "wget";
  let folder: string | undefined;
  for (let i = 0; i < args.length; i++) {
    const t = texts[i]!;
    const next = texts[i + 1];
    if (
      base === "curl" && /^(-K|--config)(=|$)/.test(t) || /^-[a-zA-Z]*K$/.test(t) && base === "curl"
    ) {
      analysis.deny(
        "shell.dynamic_path",
        "curl -K reads options (URLs, output files) from a file the check does not read; give them on the command line",
      );
    }
    if (base === "wget" && /^(-e|--execute|-i|--input-file|--config)(=|$)/.test(t)) {
      analysis.deny(
        "shell.dynamic_path",
        `wget ${
          t.split("=")[0]
        } takes commands or URLs the check does not see; give them on the command line`,
      );
    }
    if (t === "--url" && next !== undefined) urls.push(next);
    if (t.startsWith("--url=")) urls.push(t.slice(6));
    if (!t.startsWith("-")) urls.push(t);
    if (
      base === "curl" &&
      (/^(-O|--remote-name|--remote-name-all)$/.test(t) || /^-[a-zA-Z]*O$/.test(t))
    ) {
      remoteName = true;
    }
    if (base === "curl" && /^-[a-zA-Z]*J/.test(t)) remoteName = true;
    if (base === "wget" && /^(-O|--output-document)(=|$)/.test(t)) remoteName = false;
    if (base === "curl" && t === "--output-dir" && next !== undefined) folder = next;
    if (base === "wget" && /^(-P|--directory-prefix)$/.test(t) && next !== undefined) folder = next;
    if (base === "wget" && t.startsWith("--directory-prefix=")) folder = t.slice(19);
  }
  for (const url of urls) {
    const file = /^file:(?:\/\/[^/]*)?(\/.*)$/i.exec(url);
    if (file !== null) {
      if (/[{}[\]]/.test(file[1]!)) {
        analysis.deny("shell.dynamic_path", "a file: URL with curl's {…} or […] patterns");
      }
      analysis.pathText(decodeURIComponentSafe(file[1]!), "read", scope);
      continue;
    }
    if (/^file:/i.test(url)) {
      analysis.deny("shell.dynamic_path", `a file: URL curl may read: ${url}`);
    }
    const m = /^[a-z][a-z0-9+.-]*:\/\/[^/]*\/(?:.*\/)?([^/?#]+)(?:[?#].*)?$/i.exec(url);
    if (remoteName && m !== null) {
      const name = decodeURIComponentSafe(m[1]!);
      analysis.pathText(folder === undefined ? name : `${folder}/${name}`, "write", scope);
    }
  }
}

function decodeURIComponentSafe(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
