/**
 * Removes named top-level members from a JSON object as it streams through,
 * without buffering the body: used to drop request fields that would make the
 * API fetch URLs server-side (`mcp_servers`). Keys are compared after JSON
 * unescaping (`"mcp\u005fservers"` is `mcp_servers`), and anything that is not
 * a single JSON object is refused rather than passed on, so the filter and the
 * API can never read the body differently.
 */
import { JSON_BYTE } from "./json_bytes.ts";
import { indexOfByte } from "./index_of_byte.ts";

/** Thrown into the stream when the body is not one JSON object. */
export class JsonFilterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JsonFilterError";
  }
}

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
const COMMA_BYTES = new Uint8Array([COMMA]);
const MAX_KEY_BYTES = 1024;

type State = "start" | "beforeKey" | "inKey" | "afterKey" | "value" | "end";

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

/**
 * The incremental core: feed chunks with `push`, each returning the bytes to
 * pass on, then call `finish`. Throws `JsonFilterError` on a body that is not
 * one JSON object.
 */
export class JsonFieldFilter {
  readonly #remove: ReadonlySet<string>;
  readonly #onRemoved: (name: string) => void;
  #state: State = "start";
  #key: number[] = [];
  #keyEscape = false;
  #dropping = false;
  #kept = 0;
  #depth = 0;
  #inString = false;
  #escape = false;
  #sawMember = false;
  readonly #decoder = new TextDecoder("utf-8", { fatal: true });

  constructor(remove: ReadonlySet<string>, onRemoved: (name: string) => void = () => {}) {
    this.#remove = remove;
    this.#onRemoved = onRemoved;
  }

  /** Processes one chunk; returns what to pass on (views into `chunk` where possible). */
  push(chunk: Uint8Array): Uint8Array[] {
    const out: Uint8Array[] = [];
    // Start of a run of bytes copied verbatim from `chunk`; a kept value may continue
    // from the previous chunk.
    let run = this.#state === "value" && !this.#dropping ? 0 : -1;
    const flush = (end: number) => {
      if (run !== -1 && end > run) out.push(chunk.subarray(run, end));
      run = -1;
    };
    const fail = (why: string): never => {
      throw new JsonFilterError(why);
    };
    let i = 0;
    while (i < chunk.length) {
      const byte = chunk[i]!;
      switch (this.#state) {
        case "start":
          if (isWhitespace(byte)) break;
          if (byte !== OPEN_BRACE) fail("the request body must be one JSON object");
          out.push(chunk.subarray(i, i + 1));
          this.#state = "beforeKey";
          break;
        case "beforeKey":
          if (isWhitespace(byte)) break;
          if (byte === QUOTE) {
            this.#key = [byte];
            this.#keyEscape = false;
            this.#state = "inKey";
          } else if (byte === CLOSE_BRACE && !this.#sawMember) {
            out.push(chunk.subarray(i, i + 1));
            this.#state = "end";
          } else {
            fail("expected a member name in the request body");
          }
          break;
        case "inKey":
          this.#key.push(byte);
          if (this.#key.length > MAX_KEY_BYTES) {
            fail("a member name in the request body is too long");
          }
          if (this.#keyEscape) this.#keyEscape = false;
          else if (byte === BACKSLASH) this.#keyEscape = true;
          else if (byte === QUOTE) this.#state = "afterKey";
          break;
        case "afterKey": {
          if (isWhitespace(byte)) break;
          if (byte !== COLON) fail("expected ':' after a member name in the request body");
          const raw = new Uint8Array(this.#key);
          let name = "";
          try {
            name = JSON.parse(this.#decoder.decode(raw)) as string;
          } catch {
            fail("a member name in the request body is not a valid JSON string");
          }
          this.#dropping = this.#remove.has(name);
          this.#sawMember = true;
          if (this.#dropping) {
            this.#onRemoved(name);
          } else {
            if (this.#kept > 0) out.push(COMMA_BYTES);
            out.push(raw, chunk.subarray(i, i + 1));
            this.#kept++;
          }
          this.#depth = 0;
          this.#inString = false;
          this.#escape = false;
          this.#state = "value";
          run = this.#dropping ? -1 : i + 1;
          break;
        }
        case "value": {
          if (this.#inString) {
            const end = this.#stringEnd(chunk, i);
            if (end === -1) {
              i = chunk.length;
              continue;
            }
            this.#inString = false;
            i = end + 1;
            continue;
          }
          if (byte === QUOTE) this.#inString = true;
          else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) this.#depth++;
          else if ((byte === CLOSE_BRACE || byte === CLOSE_BRACKET) && this.#depth > 0) {
            this.#depth--;
          } else if (this.#depth === 0 && (byte === COMMA || byte === CLOSE_BRACE)) {
            if (!this.#dropping) flush(i);
            if (byte === CLOSE_BRACE) {
              out.push(chunk.subarray(i, i + 1));
              this.#state = "end";
            } else {
              this.#state = "beforeKey";
            }
          } else if (this.#depth === 0 && byte === CLOSE_BRACKET) {
            fail("unbalanced ']' in the request body");
          }
          break;
        }
        case "end":
          if (!isWhitespace(byte)) fail("the request body has data after its JSON object");
          break;
      }
      i++;
    }
    if (this.#state === "value" && !this.#dropping) flush(chunk.length);
    return out;
  }

  /**
   * Where the string being read ends in `chunk` (the index of its closing
   * quote), or -1 when it runs past the chunk. Only quotes are searched for
   * (four bytes at a time); a quote is escaped when an odd run of backslashes
   * precedes it, which is exactly JSON's rule, and an odd run at the end of a
   * chunk escapes the first byte of the next.
   */
  #stringEnd(chunk: Uint8Array, from: number): number {
    let i = from;
    if (this.#escape) {
      this.#escape = false;
      i++;
    }
    for (;;) {
      const quote = indexOfByte(chunk, QUOTE, i);
      const stop = quote === -1 ? chunk.length : quote;
      let run = stop;
      while (run > i && chunk[run - 1] === BACKSLASH) run--;
      const escaped = (stop - run) % 2 === 1;
      if (quote === -1) {
        this.#escape = escaped;
        return -1;
      }
      if (!escaped) return quote;
      i = quote + 1;
    }
  }

  /** Checks that the body ended after its object. */
  finish(): void {
    if (this.#state !== "end") {
      throw new JsonFilterError("the request body ended inside its JSON object");
    }
  }
}
