/**
 * What a shell word becomes after expansion, as far as it can be known
 * before the command runs. A word is first a list of tokens (literal text,
 * the known result of an expansion, or an unknown value); brace expansion and
 * word splitting then turn it into fields, the arguments a program receives.
 * An unknown value stays a wildcard, so a path built around it can still be
 * matched against the filesystem.
 */

/** One piece of a word before brace expansion and splitting. */
export type WordToken =
  /** Text written in the command; unquoted text takes part in globbing and brace expansion. */
  | { readonly kind: "lit"; readonly text: string; readonly quoted: boolean }
  /** The known value of an expansion; unquoted, it is split on blanks and globbed. */
  | { readonly kind: "exp"; readonly text: string; readonly quoted: boolean }
  /** A value that cannot be known before the command runs. */
  | { readonly kind: "unknown"; readonly quoted: boolean };

/** One piece of an expanded field. */
export type Piece =
  /** Known text; `glob` when unquoted, so `*`, `?` and `[` in it are patterns. */
  | { readonly text: string; readonly glob: boolean }
  /** Any text at all. */
  | { readonly unknown: true };

/** One argument as the program will receive it (possibly with unknown parts). */
export type Field = readonly Piece[];

/** Most fields brace expansion may produce from one word; more is refused. */
export const MAX_BRACE_FIELDS = 4096;

/** True when the piece is an unknown value. */
export function isUnknown(piece: Piece): piece is { readonly unknown: true } {
  return "unknown" in piece;
}

/** The field's text, unknown parts written as `*`. */
export function fieldText(field: Field): string {
  return field.map((p) => (isUnknown(p) ? "*" : p.text)).join("");
}

/** True when the field's value is fully known and no glob pattern is active in it. */
export function fieldIsExact(field: Field): boolean {
  return field.every((p) => !isUnknown(p) && !(p.glob && /[*?[]/.test(p.text)));
}

/** True when the field is nothing but unknown values (there is nothing to match a path against). */
export function fieldIsOpaque(field: Field): boolean {
  return field.length > 0 && field.every((p) => isUnknown(p) || p.text === "");
}

/** Merges neighbouring text pieces of the same kind. */
function tidy(field: Piece[]): Piece[] {
  const out: Piece[] = [];
  for (const piece of field) {
    const last = out[out.length - 1];
    if (last !== undefined && !isUnknown(last) && !isUnknown(piece) && last.glob === piece.glob) {
      out[out.length - 1] = { text: last.text + piece.text, glob: last.glob };
    } else if (isUnknown(piece) || piece.text !== "" || out.length === 0) {
      out.push(piece);
    }
  }
  return out;
}

/**
 * Turns a word's tokens into fields: brace expansion on unquoted literal
 * text, then splitting of unquoted expansion results on blanks. A word made
 * only of unquoted expansions that are empty yields no field at all.
 */
export function wordFields(tokens: readonly WordToken[]): Field[] {
  const out: Field[] = [];
  for (const variant of braceExpand(tokens)) out.push(...splitFields(variant));
  return out;
}

const IFS = /[ \t\n]/;

function splitFields(tokens: readonly WordToken[]): Field[] {
  const fields: Piece[][] = [];
  let current: Piece[] = [];
  let keep = false;
  const finish = () => {
    if (current.length > 0 || keep) fields.push(current);
    current = [];
    keep = false;
  };
  for (const token of tokens) {
    if (token.kind === "unknown") {
      current.push({ unknown: true });
    } else if (token.kind === "lit" || token.quoted) {
      current.push({ text: token.text, glob: !token.quoted });
      if (token.quoted || token.text !== "") keep = true;
    } else {
      const parts = token.text.split(IFS);
      parts.forEach((part, i) => {
        if (i > 0) finish();
        if (part !== "") {
          current.push({ text: part, glob: true });
          keep = true;
        }
      });
    }
  }
  finish();
  return fields.map(tidy);
}

/** One character of unquoted literal text, or a token brace expansion leaves alone. */
type Cell = { readonly ch: string } | { readonly token: WordToken };

function toCells(tokens: readonly WordToken[]): Cell[] {
  const cells: Cell[] = [];
  for (const token of tokens) {
    if (token.kind === "lit" && !token.quoted) {
      for (const ch of token.text) cells.push({ ch });
    } else {
      cells.push({ token });
    }
  }
  return cells;
}

function fromCells(cells: readonly Cell[]): WordToken[] {
  const out: WordToken[] = [];
  let text = "";
  for (const cell of cells) {
    if ("ch" in cell) {
      text += cell.ch;
      continue;
    }
    if (text !== "") out.push({ kind: "lit", text, quoted: false });
    text = "";
    out.push(cell.token);
  }
  if (text !== "") out.push({ kind: "lit", text, quoted: false });
  return out;
}

const ch = (cell: Cell | undefined): string | undefined =>
  cell !== undefined && "ch" in cell ? cell.ch : undefined;

/** Finds the first `{…}` group that expands: its bounds and the split points of its alternatives. */
function findGroup(
  cells: readonly Cell[],
): { open: number; close: number; commas: number[] } | null {
  for (let open = 0; open < cells.length; open++) {
    if (ch(cells[open]) !== "{" || (open > 0 && ch(cells[open - 1]) === "$")) continue;
    let depth = 0;
    const commas: number[] = [];
    for (let i = open + 1; i < cells.length; i++) {
      const c = ch(cells[i]);
      if (c === "{") depth++;
      else if (c === "}" && depth > 0) depth--;
      else if (c === "," && depth === 0) commas.push(i);
      else if (c === "}" && depth === 0) {
        if (commas.length > 0) return { open, close: i, commas };
        const inner = cells.slice(open + 1, i);
        if (inner.every((cell) => "ch" in cell) && sequence(inner.map((c) => ch(c)).join(""))) {
          return { open, close: i, commas: [] };
        }
        break;
      }
    }
  }
  return null;
}

/** The items of a `{a..b[..step]}` sequence, or null when the text is not one. */
function sequence(text: string): string[] | null {
  const num = /^(-?\d+)\.\.(-?\d+)(?:\.\.(-?\d+))?$/.exec(text);
  const chr = /^([a-zA-Z])\.\.([a-zA-Z])(?:\.\.(-?\d+))?$/.exec(text);
  const match = num ?? chr;
  if (match === null) return null;
  const from = num ? Number(match[1]) : match[1]!.charCodeAt(0);
  const to = num ? Number(match[2]) : match[2]!.charCodeAt(0);
  const step = Math.abs(Number(match[3] ?? 1)) || 1;
  if (Math.abs(to - from) / step > MAX_BRACE_FIELDS) {
    throw new RangeError("brace sequence too long");
  }
  const out: string[] = [];
  for (let v = from; from <= to ? v <= to : v >= to; v += from <= to ? step : -step) {
    out.push(num ? String(v) : String.fromCharCode(v));
  }
  return out;
}

/**
 * Brace expansion (`{a,b}`, `{1..3}`) on unquoted literal text only, as bash
 * does it before any other expansion. Throws a RangeError past
 * MAX_BRACE_FIELDS variants (the caller denies).
 */
export function braceExpand(tokens: readonly WordToken[]): WordToken[][] {
  const results: WordToken[][] = [];
  const pending: Cell[][] = [toCells(tokens)];
  while (pending.length > 0) {
    const cells = pending.pop()!;
    const group = findGroup(cells);
    if (group === null) {
      results.push(fromCells(cells));
      if (results.length > MAX_BRACE_FIELDS) throw new RangeError("brace expansion too large");
      continue;
    }
    const before = cells.slice(0, group.open);
    const after = cells.slice(group.close + 1);
    let alternatives: Cell[][];
    if (group.commas.length === 0) {
      const text = cells.slice(group.open + 1, group.close).map((c) => ch(c)).join("");
      alternatives = sequence(text)!.map((item) => [...item].map((c) => ({ ch: c })));
    } else {
      const bounds = [group.open, ...group.commas, group.close];
      alternatives = bounds.slice(1).map((end, i) => cells.slice(bounds[i]! + 1, end));
    }
    if (pending.length + results.length + alternatives.length > MAX_BRACE_FIELDS) {
      throw new RangeError("brace expansion too large");
    }
    for (const alt of alternatives.reverse()) pending.push([...before, ...alt, ...after]);
  }
  return results;
}
