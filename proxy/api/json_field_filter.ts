/**
 * Removes named top-level members from a JSON object as it streams through,
 * without buffering the body: used to drop request fields that would make the
 * API fetch URLs server-side (`mcp_servers`). Keys are compared after JSON
 * unescaping (`"mcp\u005fservers"` is `mcp_servers`), and anything that is not
 * a single JSON object is refused rather than passed on, so the filter and the
 * API can never read the body differently.
 */

/** Thrown into the stream when the body is not one JSON object. */
export class JsonFilterError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "JsonFilterError";
  }
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const COLON = 0x3a;
const COMMA = 0x2c;
const COMMA_BYTES = new Uint8Array([COMMA]);
const MAX_KEY_BYTES = 1024;

type State = "start" | "beforeKey" | "inKey" | "afterKey" | "value" | "end";

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

/**
 * A stream that removes the top-level members named in `remove` and calls
 * `onRemoved` once per removed member. Whitespace between top-level members is
 * dropped; everything inside kept values passes through byte for byte.
 */
export function jsonFieldFilter(
  remove: ReadonlySet<string>,
  onRemoved: (name: string) => void = () => {},
): TransformStream<Uint8Array, Uint8Array> {
  let state: State = "start";
  let key: number[] = [];
  let keyEscape = false;
  let dropping = false;
  let kept = 0;
  let depth = 0;
  let inString = false;
  let escape = false;
  let sawMember = false;
  const decoder = new TextDecoder("utf-8", { fatal: true });

  return new TransformStream({
    transform(chunk, controller) {
      const out: Uint8Array[] = [];
      // Start of a run of bytes copied verbatim from `chunk`; a kept value may continue
      // from the previous chunk.
      let run = state === "value" && !dropping ? 0 : -1;
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
        switch (state) {
          case "start":
            if (isWhitespace(byte)) break;
            if (byte !== OPEN_BRACE) fail("the request body must be one JSON object");
            out.push(chunk.subarray(i, i + 1));
            state = "beforeKey";
            break;
          case "beforeKey":
            if (isWhitespace(byte)) break;
            if (byte === QUOTE) {
              key = [byte];
              keyEscape = false;
              state = "inKey";
            } else if (byte === CLOSE_BRACE && !sawMember) {
              out.push(chunk.subarray(i, i + 1));
              state = "end";
            } else {
              fail("expected a member name in the request body");
            }
            break;
          case "inKey":
            key.push(byte);
            if (key.length > MAX_KEY_BYTES) fail("a member name in the request body is too long");
            if (keyEscape) keyEscape = false;
            else if (byte === BACKSLASH) keyEscape = true;
            else if (byte === QUOTE) state = "afterKey";
            break;
          case "afterKey": {
            if (isWhitespace(byte)) break;
            if (byte !== COLON) fail("expected ':' after a member name in the request body");
            const raw = new Uint8Array(key);
            let name: string;
            try {
              name = JSON.parse(decoder.decode(raw)) as string;
            } catch {
              fail("a member name in the request body is not a valid JSON string");
            }
            dropping = remove.has(name!);
            sawMember = true;
            if (dropping) {
              onRemoved(name!);
            } else {
              if (kept > 0) out.push(COMMA_BYTES);
              out.push(raw, chunk.subarray(i, i + 1));
              kept++;
            }
            depth = 0;
            inString = false;
            escape = false;
            state = "value";
            run = dropping ? -1 : i + 1;
            break;
          }
          case "value": {
            if (inString) {
              if (escape) {
                escape = false;
                break;
              }
              // Jump to the next quote or backslash: large strings stream at native speed.
              const q = chunk.indexOf(QUOTE, i);
              const b = chunk.indexOf(BACKSLASH, i);
              const next = q === -1 ? b : b === -1 ? q : Math.min(q, b);
              if (next === -1) {
                i = chunk.length;
                continue;
              }
              i = next;
              if (chunk[i] === BACKSLASH) escape = true;
              else inString = false;
              break;
            }
            if (byte === QUOTE) inString = true;
            else if (byte === OPEN_BRACE || byte === OPEN_BRACKET) depth++;
            else if ((byte === CLOSE_BRACE || byte === CLOSE_BRACKET) && depth > 0) depth--;
            else if (depth === 0 && (byte === COMMA || byte === CLOSE_BRACE)) {
              if (!dropping) flush(i);
              if (byte === CLOSE_BRACE) {
                out.push(chunk.subarray(i, i + 1));
                state = "end";
              } else {
                state = "beforeKey";
              }
            } else if (depth === 0 && byte === CLOSE_BRACKET) {
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
      if (state === "value" && !dropping) flush(chunk.length);
      for (const part of out) controller.enqueue(part);
    },
    flush() {
      if (state !== "end") {
        throw new JsonFilterError("the request body ended inside its JSON object");
      }
    },
  });
}
