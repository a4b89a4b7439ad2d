/**
 * Pathname expansion against the real filesystem, done before the command
 * runs: `cat .e*`, `cat /???/shadow` or `cat $X/.ssh/id_rsa` (X unknown) name
 * files only once matched, so the analysis matches them the way bash would
 * and judges every match. An unknown value may stand for anything, dot files
 * included (within one path component).
 */

import { type Field, isUnknown } from "./shell_word.ts";

/** Lists the entry names of a folder, or undefined when it is not a readable folder. */
export type ListDir = (dir: string) => readonly string[] | undefined;

/** Most paths one field may expand to; the rest are not listed (the pattern itself is still judged). */
export const MAX_GLOB_MATCHES = 2000;

/** A path component: exact text, or a pattern matched against folder entries. */
type Component = { readonly exact: string } | { readonly pattern: RegExp };

/** Translates the active part of a bracket expression starting at `i` (after `[`). */
function bracket(text: string, i: number): [string, number] | null {
  let j = i;
  let negate = false;
  if (text[j] === "!" || text[j] === "^") {
    negate = true;
    j++;
  }
  let body = "";
  if (text[j] === "]") {
    body += "\\]";
    j++;
  }
  for (; j < text.length; j++) {
    const c = text[j]!;
    if (c === "]") return [`[${negate ? "^" : ""}${body}]`, j + 1];
    if (c === "[" && text[j + 1] === ":") {
      const end = text.indexOf(":]", j + 2);
      if (end === -1) return null;
      body += `[:${text.slice(j + 2, end)}:]`.replace(
        /\[:(\w+):\]/,
        (_, cls: string) =>
          ({
            alpha: "a-zA-Z",
            digit: "0-9",
            alnum: "a-zA-Z0-9",
            upper: "A-Z",
            lower: "a-z",
            space: "\\s",
          })[cls] ?? "\\s\\S",
      );
      j = end + 1;
      continue;
    }
    body += c === "\\" || c === "^" ? `\\${c}` : c;
  }
  return null;
}

/** One element of a path component. */
type Element =
  | { readonly lit: string }
  | { readonly glob: string }
  | { readonly unknown: true };

function toComponent(elements: readonly Element[]): Component {
  if (!elements.some((e) => !("lit" in e))) {
    return { exact: elements.map((e) => ("lit" in e ? e.lit : "")).join("") };
  }
  const first = elements[0];
  // bash never lets a pattern character match a leading dot; an unknown value may start with one.
  const dot = first !== undefined && "glob" in first ? "(?!\\.)" : "";
  const body = elements.map((e) =>
    "lit" in e ? e.lit.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") : "glob" in e ? e.glob : "[^/]*"
  ).join("");
  return { pattern: new RegExp(`^${dot}${body}$`, "s") };
}

/** Splits a field on `/` into components, each exact or a pattern. */
function components(field: Field): { absolute: boolean; parts: Component[] } {
  const parts: Component[] = [];
  let elements: Element[] = [];
  let absolute = false;
  let started = false;
  for (const piece of field) {
    if (isUnknown(piece)) {
      elements.push({ unknown: true });
      started = true;
      continue;
    }
    const text = piece.text;
    for (let i = 0; i < text.length; i++) {
      const c = text[i]!;
      if (c === "/") {
        if (!started) absolute = true;
        else if (elements.length > 0) parts.push(toComponent(elements));
        elements = [];
        started = true;
        continue;
      }
      started = true;
      if (piece.glob && (c === "*" || c === "?")) {
        elements.push({ glob: c === "*" ? "[^/]*" : "[^/]" });
      } else if (piece.glob && c === "[") {
        const translated = bracket(text, i + 1);
        if (translated === null) {
          elements.push({ lit: c });
        } else {
          elements.push({ glob: translated[0] });
          i = translated[1] - 1;
        }
      } else {
        elements.push({ lit: c });
      }
    }
  }
  if (elements.length > 0) parts.push(toComponent(elements));
  return { absolute, parts };
}

/** Joins a folder and a name without doubling the slash. */
function join(dir: string, name: string): string {
  return dir.endsWith("/") ? dir + name : `${dir}/${name}`;
}

/**
 * The existing paths a field with patterns or unknown parts can name, found
 * with `listDir` from `cwd` (or `/`). Returns [] for a field without patterns.
 * Matched paths are absolute.
 */
export function expandGlobs(field: Field, cwd: string, listDir: ListDir): string[] {
  const { absolute, parts } = components(field);
  if (!parts.some((p) => "pattern" in p)) return [];
  let current = [absolute ? "/" : cwd];
  for (const part of parts) {
    const next: string[] = [];
    for (const dir of current) {
      if ("exact" in part) {
        // Like bash, a pattern only expands to paths that exist (a folder that cannot be listed is kept).
        const listed = listDir(dir);
        if (listed === undefined || listed.includes(part.exact)) next.push(join(dir, part.exact));
        continue;
      }
      for (const name of listDir(dir) ?? []) {
        if (part.pattern.test(name)) next.push(join(dir, name));
        if (next.length >= MAX_GLOB_MATCHES) break;
      }
    }
    current = next;
    if (current.length === 0) return [];
  }
  return current;
}
