/**
 * Finds the string tokens of a JSON text on its bytes and lets a caller
 * replace some of them: everything else — other strings, numbers, white
 * space — stays byte for byte, so a rewritten body is only as different as
 * its strings became, and the same input always gives the same bytes.
 *
 * Between strings only JSON's own structural characters are allowed (white
 * space, `{}[],:`, numbers, `true`/`false`/`null`): then every JSON parser
 * that accepts the text sees exactly the strings seen here, and a text
 * another parser could read differently (comments, single quotes, stray
 * bytes) is refused instead of passed on — up to the last token looked at;
 * what follows is copied unread (a caller looking for something stops where
 * the last of it is).
 */
import { indexOfByte } from "../api/index_of_byte.ts";

/**
 * What to put in place of the token: new bytes (one buffer, or parts written
 * one after another), nothing (keep it), or a refusal of the body.
 */
export type TokenRewrite =
  | Uint8Array
  | readonly Uint8Array[]
  | undefined
  | { readonly refuse: string };

/**
 * Called for each selected token, `bytes[open]` and `bytes[close]` being its
 * quotes; `key` when the token is a member name.
 */
export type TokenRewriter = (open: number, close: number, key: boolean) => TokenRewrite;

/** Which tokens to look at. */
export interface RewriteOptions {
  /** Whether the token from `open` to `close` (its quotes) is looked at (default: all). */
  readonly select?: (open: number, close: number) => boolean;
  /** No token starting after this offset is looked at; the rest is copied unread. */
  readonly until?: number;
}

/** The rewritten text, or why it is not one the rewriter reads. */
export type RewrittenJson =
  | {
    readonly kind: "rewritten";
    /** The input itself when nothing changed. */
    readonly bytes: Uint8Array;
    readonly changed: boolean;
  }
  | { readonly kind: "error"; readonly reason: string };

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;

/** Bytes JSON allows between its strings. */
const STRUCTURAL = new Uint8Array(128);
for (const c of " \t\n\r{}[],:0123456789-+.eEtruefalsn") STRUCTURAL[c.charCodeAt(0)] = 1;

const isWhitespace = (byte: number | undefined) =>
  byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;

function structuralOnly(bytes: Uint8Array, from: number, to: number): boolean {
  for (let i = from; i < to; i++) {
    const byte = bytes[i]!;
    if (byte >= 0x80 || STRUCTURAL[byte] === 0) return false;
  }
  return true;
}

/** The index of the quote that closes the string whose content starts at `from`, or -1. */
function closingQuote(bytes: Uint8Array, from: number): number {
  for (let i = from;;) {
    const quote = indexOfByte(bytes, QUOTE, i);
    if (quote === -1) return -1;
    let run = quote;
    while (run > from && bytes[run - 1] === BACKSLASH) run--;
    if ((quote - run) % 2 === 0) return quote;
    i = quote + 1;
  }
}

/** Joins byte parts into one buffer. */
export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Rewrites the selected string tokens of `bytes` through `rewrite`; never throws itself. */
export function rewriteJsonStrings(
  bytes: Uint8Array,
  rewrite: TokenRewriter,
  options: RewriteOptions = {},
): RewrittenJson {
  const select = options.select ?? (() => true);
  const until = options.until ?? bytes.length;
  const parts: Uint8Array[] = [];
  let copied = 0;
  for (let i = 0; i < bytes.length && i <= until;) {
    const open = indexOfByte(bytes, QUOTE, i);
    if (!structuralOnly(bytes, i, open === -1 ? bytes.length : open)) {
      return {
        kind: "error",
        reason: "the request body has a character outside its strings that JSON does not allow",
      };
    }
    if (open === -1) break;
    const close = closingQuote(bytes, open + 1);
    if (close === -1) {
      return { kind: "error", reason: "a string in the request body is not closed" };
    }
    i = close + 1;
    if (!select(open, close)) continue;
    let after = i;
    while (isWhitespace(bytes[after])) after++;
    const replacement = rewrite(open, close, bytes[after] === COLON);
    if (replacement === undefined) continue;
    if ("refuse" in replacement) return { kind: "error", reason: replacement.refuse };
    parts.push(bytes.subarray(copied, open));
    if (replacement instanceof Uint8Array) parts.push(replacement);
    else parts.push(...replacement);
    copied = i;
  }
  if (parts.length === 0) return { kind: "rewritten", bytes, changed: false };
  parts.push(bytes.subarray(copied));
  return { kind: "rewritten", bytes: concatBytes(parts), changed: true };
}
