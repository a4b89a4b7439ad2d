/**
 * Which files a Grep call would open below its folder, from its `glob` and
 * `type` arguments (ripgrep's `--glob` and `--type`). Used only to decide
 * whether a denied file is out of the search, so every doubt includes: an
 * unknown type or a glob this reader does not understand selects everything.
 */

import type { TreeFilter } from "../paths/mod.ts";

/** ripgrep's common file types, as the extensions they select. */
const TYPES: Readonly<Record<string, readonly string[]>> = {
  c: ["c", "h"],
  cpp: ["cpp", "cc", "cxx", "hpp", "hh", "hxx", "h"],
  css: ["css", "scss"],
  go: ["go"],
  html: ["html", "htm"],
  java: ["java"],
  js: ["js", "jsx", "mjs", "cjs", "vue"],
  json: ["json"],
  kotlin: ["kt", "kts"],
  md: ["md", "markdown", "mdx"],
  markdown: ["md", "markdown", "mdx"],
  php: ["php"],
  py: ["py", "pyi"],
  rb: ["rb"],
  ruby: ["rb"],
  rust: ["rs"],
  swift: ["swift"],
  toml: ["toml"],
  ts: ["ts", "tsx", "cts", "mts"],
  typescript: ["ts", "tsx", "cts", "mts"],
  yaml: ["yaml", "yml"],
};

/** The files a Grep with these arguments reads, as a filter over paths relative to its folder. */
export function grepFilter(glob: unknown, type: unknown): TreeFilter {
  const byGlob = typeof glob === "string" && glob.trim() !== "" ? globFilter(glob) : undefined;
  const byType = typeof type === "string" && type !== "" ? typeFilter(type) : undefined;
  return (relative) => (byGlob?.(relative) ?? true) && (byType?.(relative) ?? true);
}

function typeFilter(type: string): TreeFilter | undefined {
  const extensions = TYPES[type];
  if (extensions === undefined) return undefined;
  return (relative) => extensions.some((ext) => relative.endsWith(`.${ext}`));
}

/** One glob, or several separated by spaces: a file is read when any of them selects it. */
function globFilter(text: string): TreeFilter | undefined {
  const tests: TreeFilter[] = [];
  for (const glob of text.trim().split(/\s+/)) {
    const negated = glob.startsWith("!");
    const regex = globToRegExp(negated ? glob.slice(1) : glob);
    if (regex === undefined) return undefined;
    const anywhere = !glob.includes("/");
    const matches = (relative: string) =>
      regex.test(anywhere ? relative.slice(relative.lastIndexOf("/") + 1) : relative);
    tests.push(negated ? (relative) => !matches(relative) : matches);
  }
  return (relative) => tests.some((test) => test(relative));
}

/** A gitignore-style glob as a regular expression, or undefined when it is not understood. */
export function globToRegExp(glob: string): RegExp | undefined {
  let source = "";
  let braces = 0;
  const body = glob.startsWith("/") ? glob.slice(1) : glob;
  for (let i = 0; i < body.length; i++) {
    const c = body[i]!;
    if (c === "*") {
      if (body[i + 1] === "*") {
        const slash = body[i + 2] === "/";
        source += slash ? "(?:.*/)?" : ".*";
        i += slash ? 2 : 1;
      } else source += "[^/]*";
    } else if (c === "?") source += "[^/]";
    else if (c === "[") {
      const close = body.indexOf("]", i + 2);
      if (close === -1) return undefined;
      const inner = body.slice(i + 1, close).replace(/^!/, "^").replace(/\\/g, "\\\\");
      source += `[${inner}]`;
      i = close;
    } else if (c === "{") {
      braces++;
      source += "(?:";
    } else if (c === "}" && braces > 0) {
      braces--;
      source += ")";
    } else if (c === "," && braces > 0) source += "|";
    else if (c === "\\") {
      const next = body[++i];
      if (next === undefined) return undefined;
      source += escape(next);
    } else source += escape(c);
  }
  if (braces !== 0) return undefined;
  try {
    return new RegExp(`^${source}$`, "u");
  } catch {
    return undefined;
  }
}

function escape(c: string): string {
  return c.replace(/[.+^${}()|[\]\\*?/]/g, "\\$&");
}
