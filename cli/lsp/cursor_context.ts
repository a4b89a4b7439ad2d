/**
 * What the cursor is on in a manifest text: a property name being written in
 * some object, or a value at some JSON path, and which characters a completion
 * should replace. Pure; works on broken text, since that is what people type.
 */
import { createScanner, getLocation } from "jsonc-parser";
import type { ValuePath } from "../manifest/value_path.ts";

/** A span of the text, as UTF-16 offsets. */
export interface Span {
  readonly offset: number;
  readonly length: number;
}

/** Where a completion goes. */
export interface CursorContext {
  /** A property name in the object at `path`, or the value at `path`. */
  readonly kind: "key" | "value";
  readonly path: ValuePath;
  /** The characters an accepted completion replaces (the word or string being typed). */
  readonly replace: Span;
  /** What is typed so far, without quotes. */
  readonly typed: string;
  /** The replaced text starts with a double quote. */
  readonly quoted: boolean;
  /** For keys: a `:` already follows, so only the name is inserted. */
  readonly colonFollows: boolean;
}

/**
 * jsonc-parser's `SyntaxKind` and `ScanError` values. They are declared as
 * `const enum`s, which isolated modules cannot read, so the few used are named here.
 */
const Kind = {
  nullKeyword: 7,
  trueKeyword: 8,
  falseKeyword: 9,
  stringLiteral: 10,
  numericLiteral: 11,
  lineComment: 12,
  blockComment: 13,
  unknown: 16,
  eof: 17,
} as const;
const UNEXPECTED_END_OF_COMMENT = 1;
const UNEXPECTED_END_OF_STRING = 2;

interface Token {
  readonly kind: number;
  readonly offset: number;
  readonly length: number;
  readonly unterminated: boolean;
}

const WORD_TOKENS: ReadonlySet<number> = new Set([
  Kind.unknown,
  Kind.trueKeyword,
  Kind.falseKeyword,
  Kind.nullKeyword,
  Kind.numericLiteral,
]);

const COMMENTS: ReadonlySet<number> = new Set([Kind.lineComment, Kind.blockComment]);

/** The token that holds `offset` (a cursor right after a word counts as in it). */
function tokenAt(text: string, offset: number): Token | undefined {
  const scanner = createScanner(text, false);
  for (let kind: number = scanner.scan(); kind !== Kind.eof; kind = scanner.scan()) {
    const start = scanner.getTokenOffset();
    const end = start + scanner.getTokenLength();
    if (start >= offset) return undefined;
    if (offset <= end) {
      const error: number = scanner.getTokenError();
      const unterminated = error === UNEXPECTED_END_OF_STRING ||
        error === UNEXPECTED_END_OF_COMMENT;
      return { kind, offset: start, length: end - start, unterminated };
    }
  }
  return undefined;
}

/** The completion context at `offset`, or undefined where nothing can be completed (comments, after a closed string). */
export function cursorContext(text: string, offset: number): CursorContext | undefined {
  const token = tokenAt(text, offset);
  let replace: Span = { offset, length: 0 };
  if (token !== undefined) {
    if (COMMENTS.has(token.kind)) {
      // A line comment runs to the end of its line; a block comment ends before its `*/`.
      const inside = token.kind === Kind.lineComment || token.unterminated ||
        offset < token.offset + token.length;
      if (inside) return undefined;
    }
    if (token.kind === Kind.stringLiteral) {
      const end = token.offset + token.length;
      if (!token.unterminated && offset === end) return undefined; // after the closing quote
      replace = token.unterminated
        ? { offset: token.offset, length: offset - token.offset }
        : { offset: token.offset, length: token.length };
    } else if (WORD_TOKENS.has(token.kind)) {
      replace = { offset: token.offset, length: token.length };
    }
  }
  const location = getLocation(text, offset);
  const raw = text.slice(replace.offset, replace.offset + replace.length);
  const quoted = raw.startsWith('"');
  const typed = text.slice(replace.offset + (quoted ? 1 : 0), offset);
  if (location.isAtPropertyKey) {
    const after = text.slice(replace.offset + replace.length).trimStart();
    return {
      kind: "key",
      path: location.path.slice(0, -1),
      replace,
      typed,
      quoted,
      colonFollows: after.startsWith(":"),
    };
  }
  return { kind: "value", path: location.path, replace, typed, quoted, colonFollows: false };
}
