/**
 * Turns manifest bytes into a JSONC syntax tree with positions, or into
 * diagnostics for everything that makes the bytes unreadable: size, encoding,
 * syntax and duplicate keys. Pure: no file access.
 */
import {
  type Node,
  type ParseError,
  parseTree,
  printParseErrorCode,
  stripComments,
} from "jsonc-parser";
import { type Diagnostic, diagnostic, LineIndex } from "./diagnostic.ts";
import { toPointer, type ValuePath } from "./value_path.ts";

/** Manifests larger than this are refused before parsing. */
export const MAX_MANIFEST_BYTES = 1024 * 1024;

/** The parsed manifest text and its tree, or the reasons there is none. */
export interface ParsedJsonc {
  /** The decoded text (with a leading BOM blanked, so offsets still match). */
  readonly text: string;
  /** The syntax tree; undefined when the text could not be parsed. */
  readonly tree: Node | undefined;
  readonly diagnostics: readonly Diagnostic[];
}

const SYNTAX_MESSAGES: Readonly<Record<string, string>> = {
  InvalidSymbol: "unexpected character",
  InvalidNumberFormat: "invalid number",
  PropertyNameExpected: "expected a property name in double quotes",
  ValueExpected: "expected a value",
  ColonExpected: "expected ':' after the property name",
  CommaExpected: "expected ',' between entries",
  CloseBraceExpected: "expected '}' to close the object",
  CloseBracketExpected: "expected ']' to close the list",
  EndOfFileExpected: "unexpected content after the end of the manifest",
  InvalidCommentToken: "invalid comment",
  UnexpectedEndOfComment: "unterminated comment",
  UnexpectedEndOfString: "unterminated string",
  UnexpectedEndOfNumber: "unterminated number",
  InvalidUnicode: "invalid \\u escape in string",
  InvalidEscapeCharacter: "invalid escape sequence in string",
  InvalidCharacter: "control character in string (escape it)",
};

/** Parses manifest bytes: size and UTF-8 checks, JSONC syntax, duplicate keys. `fileSize` is the size on disk when only a prefix was read. */
export function parseJsonc(bytes: Uint8Array, fileSize = bytes.length): ParsedJsonc {
  const root = { pointer: "", offset: 0, length: 0 };
  if (fileSize > MAX_MANIFEST_BYTES || bytes.length > MAX_MANIFEST_BYTES) {
    return {
      text: "",
      tree: undefined,
      diagnostics: [
        diagnostic(
          "error",
          "too-large",
          `the manifest is ${
            Math.max(fileSize, bytes.length)
          } bytes; the limit is ${MAX_MANIFEST_BYTES} (1 MiB)`,
          root,
        ),
      ],
    };
  }
  const bad = firstInvalidUtf8(bytes);
  if (bad !== -1) {
    const text = new TextDecoder().decode(bytes.subarray(0, bad));
    const byte = bytes[bad] ?? 0;
    return {
      text,
      tree: undefined,
      diagnostics: [
        diagnostic(
          "error",
          "not-utf8",
          `the manifest is not valid UTF-8 (byte 0x${
            byte.toString(16).padStart(2, "0")
          } at byte offset ${bad})`,
          { pointer: "", offset: text.length, length: 0 },
        ),
      ],
    };
  }
  // TextDecoder drops a leading BOM; keep offsets aligned with the file by blanking it.
  const hasBom = bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const text = (hasBom ? " " : "") + new TextDecoder().decode(bytes);
  return parseJsoncText(text);
}

/** Parses already-decoded manifest text (the language server's unsaved buffers). */
export function parseJsoncText(text: string): ParsedJsonc {
  if (stripComments(text).trim() === "") {
    return {
      text,
      tree: undefined,
      diagnostics: [
        diagnostic(
          "error",
          "empty",
          'the manifest is empty; it needs at least { "bottles": { "NAME": {} } }',
          { pointer: "", offset: 0, length: 0 },
        ),
      ],
    };
  }
  const errors: ParseError[] = [];
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false });
  const first = errors[0];
  if (first !== undefined) {
    const token =
      text.slice(first.offset, first.offset + Math.min(first.length, 20)).split("\n")[0] ??
        "";
    const what = token.startsWith("'")
      ? "strings and keys need double quotes, not single quotes"
      : SYNTAX_MESSAGES[printParseErrorCode(first.error)] ?? "syntax error";
    const near = token.trim() === "" ? "" : ` near ${JSON.stringify(token)}`;
    return {
      text,
      tree: undefined,
      diagnostics: [
        diagnostic("error", "syntax", `${what}${near}`, {
          pointer: "",
          offset: first.offset,
          length: first.length,
        }),
      ],
    };
  }
  return { text, tree, diagnostics: tree === undefined ? [] : duplicateKeys(text, tree) };
}

function duplicateKeys(text: string, tree: Node): Diagnostic[] {
  const out: Diagnostic[] = [];
  const index = new LineIndex(text);
  const walk = (node: Node, path: ValuePath): void => {
    if (node.type === "object") {
      const seen = new Map<string, Node>();
      for (const property of node.children ?? []) {
        const [key, value] = property.children ?? [];
        if (key === undefined) continue;
        const name = String(key.value);
        const first = seen.get(name);
        if (first !== undefined) {
          const at = index.position(first.offset);
          out.push(
            diagnostic(
              "error",
              "duplicate-key",
              `duplicate key ${JSON.stringify(name)} (first defined at ${at.line}:${at.column})`,
              { pointer: toPointer([...path, name]), offset: key.offset, length: key.length },
            ),
          );
        } else {
          seen.set(name, key);
        }
        if (value !== undefined) walk(value, [...path, name]);
      }
    } else if (node.type === "array") {
      (node.children ?? []).forEach((item, i) => walk(item, [...path, i]));
    }
  };
  walk(tree, []);
  return out;
}

/** Index of the first byte that is not part of a valid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] ?? 0;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let min: number;
    if (b >= 0xc2 && b <= 0xdf) [need, min] = [1, 0x80];
    else if (b >= 0xe0 && b <= 0xef) [need, min] = [2, 0x800];
    else if (b >= 0xf0 && b <= 0xf4) [need, min] = [3, 0x10000];
    else return i;
    let cp = b & (0x3f >> need);
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || (c & 0xc0) !== 0x80) return i;
      cp = (cp << 6) | (c & 0x3f);
    }
    if (cp < min || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff)) return i;
    i += need + 1;
  }
  return -1;
}
