/**
 * Removes the entries of a request's top-level `tools` array whose `type`
 * names a denied server tool (`{"type":"web_fetch_20250910",…}`). Member
 * names and the `type` value are compared after JSON unescaping
 * (`"web\u005ffetch_20250910"` is caught), every `tools` member is filtered
 * (a duplicate key cannot hide one), and an entry with several `type`
 * members is removed when any of them is denied. Only the `tools` array
 * changes; the rest of the body is the same bytes. A body whose structure
 * cannot be followed throws `JsonFilterError`.
 */
import { concatBytes } from "../unicode/mod.ts";
import { JSON_BYTE } from "./json_bytes.ts";
import { indexOfByte } from "./index_of_byte.ts";
import { JsonFilterError } from "./json_field_filter.ts";
import { type ServerTool, serverToolOfType } from "./server_tools.ts";

const {
  quote: QUOTE,
  backslash: BACKSLASH,
  openBrace: OPEN_BRACE,
  closeBrace: CLOSE_BRACE,
  openBracket: OPEN_BRACKET,
  closeBracket: CLOSE_BRACKET,
  colon: COLON,
  comma: COMMA,
} = JSON_BYTE;

/** A body with the denied tools entries removed, and which were removed (`name (type)`). */
export interface FilteredTools {
  readonly bytes: Uint8Array;
  readonly removed: readonly string[];
}

/** One member of an object: its unescaped name and where its value lies. */
interface Member {
  readonly name: string;
  readonly start: number;
  readonly end: number;
}

const decoder = new TextDecoder("utf-8", { fatal: true });
const encoder = new TextEncoder();

function fail(why: string): never {
  throw new JsonFilterError(why);
}

function skipSpace(b: Uint8Array, i: number): number {
  while (i < b.length && (b[i] === 0x20 || b[i] === 0x09 || b[i] === 0x0a || b[i] === 0x0d)) i++;
  return i;
}

/** The index after the string starting at `i` (a quote). */
function stringEnd(b: Uint8Array, i: number): number {
  for (let from = i + 1;;) {
    const quote = indexOfByte(b, QUOTE, from);
    if (quote === -1) fail("a string in the request body does not end");
    let run = quote;
    while (run > from && b[run - 1] === BACKSLASH) run--;
    if ((quote - run) % 2 === 0) return quote + 1;
    from = quote + 1;
  }
}

/** The index after the value starting at `i`; brackets must pair up. */
function valueEnd(b: Uint8Array, i: number): number {
  const first = b[i];
  if (first === QUOTE) return stringEnd(b, i);
  if (first !== OPEN_BRACE && first !== OPEN_BRACKET) {
    let j = i;
    while (
      j < b.length && b[j] !== COMMA && b[j] !== CLOSE_BRACE && b[j] !== CLOSE_BRACKET &&
      b[j] !== 0x20 && b[j] !== 0x09 && b[j] !== 0x0a && b[j] !== 0x0d
    ) j++;
    if (j === i) fail("a value is missing in the request body");
    return j;
  }
  const open: number[] = [];
  for (let j = i; j < b.length;) {
    const byte = b[j]!;
    if (byte === QUOTE) {
      j = stringEnd(b, j);
      continue;
    }
    if (byte === OPEN_BRACE) open.push(CLOSE_BRACE);
    else if (byte === OPEN_BRACKET) open.push(CLOSE_BRACKET);
    else if (byte === CLOSE_BRACE || byte === CLOSE_BRACKET) {
      if (open.pop() !== byte) fail("unbalanced brackets in the request body");
      if (open.length === 0) return j + 1;
    }
    j++;
  }
  return fail("the request body ended inside a value");
}

/** A JSON string token, unescaped. */
function unescaped(b: Uint8Array, start: number, end: number): string {
  try {
    return JSON.parse(decoder.decode(b.subarray(start, end))) as string;
  } catch {
    return fail("a string in the request body is not valid JSON");
  }
}

/** The members of the object starting at `i` (a brace), and the index after it. */
function members(b: Uint8Array, i: number): { list: Member[]; end: number } {
  const list: Member[] = [];
  let j = skipSpace(b, i + 1);
  if (b[j] === CLOSE_BRACE) return { list, end: j + 1 };
  for (;;) {
    if (b[j] !== QUOTE) fail("expected a member name in the request body");
    const nameEnd = stringEnd(b, j);
    const name = unescaped(b, j, nameEnd);
    j = skipSpace(b, nameEnd);
    if (b[j] !== COLON) fail("expected ':' after a member name in the request body");
    const start = skipSpace(b, j + 1);
    const end = valueEnd(b, start);
    list.push({ name, start, end });
    j = skipSpace(b, end);
    if (b[j] === COMMA) j = skipSpace(b, j + 1);
    else if (b[j] === CLOSE_BRACE) return { list, end: j + 1 };
    else fail("expected ',' or '}' in the request body");
  }
}

/** The elements of the array starting at `i` (a bracket), as [start, end) spans. */
function elements(b: Uint8Array, i: number): Array<readonly [number, number]> {
  const list: Array<readonly [number, number]> = [];
  let j = skipSpace(b, i + 1);
  if (b[j] === CLOSE_BRACKET) return list;
  for (;;) {
    const end = valueEnd(b, j);
    list.push([j, end]);
    j = skipSpace(b, end);
    if (b[j] === COMMA) j = skipSpace(b, j + 1);
    else if (b[j] === CLOSE_BRACKET) return list;
    else fail("expected ',' or ']' in the request body");
  }
}

/** The denied tool a tools entry is, with its type, if any. */
function deniedEntry(
  b: Uint8Array,
  start: number,
  denied: readonly ServerTool[],
): string | undefined {
  if (b[start] !== OPEN_BRACE) return undefined;
  for (const member of members(b, start).list) {
    if (member.name !== "type" || b[member.start] !== QUOTE) continue;
    const type = unescaped(b, member.start, member.end);
    const tool = serverToolOfType(type, denied);
    if (tool !== undefined) return `${tool.name} (${type.slice(0, 64)})`;
  }
  return undefined;
}

/** `body` without the tools entries of `denied` server tools; the same bytes when none is there. */
export function filterServerTools(
  body: Uint8Array,
  denied: readonly ServerTool[],
): FilteredTools {
  if (denied.length === 0) return { bytes: body, removed: [] };
  const start = skipSpace(body, 0);
  if (body[start] !== OPEN_BRACE) fail("the request body must be one JSON object");
  const removed: string[] = [];
  const splices: Array<{ start: number; end: number; bytes: Uint8Array }> = [];
  for (const member of members(body, start).list) {
    if (member.name !== "tools" || body[member.start] !== OPEN_BRACKET) continue;
    const kept: Uint8Array[] = [];
    let dropped = false;
    for (const [from, to] of elements(body, member.start)) {
      const tool = deniedEntry(body, from, denied);
      if (tool === undefined) kept.push(body.subarray(from, to));
      else {
        removed.push(tool);
        dropped = true;
      }
    }
    if (dropped) {
      splices.push({ start: member.start, end: member.end, bytes: joinArray(kept) });
    }
  }
  if (splices.length === 0) return { bytes: body, removed };
  const parts: Uint8Array[] = [];
  let at = 0;
  for (const splice of splices) {
    parts.push(body.subarray(at, splice.start), splice.bytes);
    at = splice.end;
  }
  parts.push(body.subarray(at));
  return { bytes: concatBytes(parts), removed };
}

const OPEN = encoder.encode("[");
const CLOSE = encoder.encode("]");
const SEPARATOR = encoder.encode(",");

function joinArray(items: readonly Uint8Array[]): Uint8Array {
  const parts: Uint8Array[] = [OPEN];
  items.forEach((item, index) => {
    if (index > 0) parts.push(SEPARATOR);
    parts.push(item);
  });
  parts.push(CLOSE);
  return concatBytes(parts);
}
