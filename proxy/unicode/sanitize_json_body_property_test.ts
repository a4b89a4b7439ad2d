/**
 * Properties of the body sanitiser over generated JSON: it agrees with a
 * plain model (parse the body, sanitise every string and member name with
 * `sanitizeText`), whatever escaping and spacing the body was written
 * with; it is deterministic and idempotent; and a body it does not change
 * comes back as the very same bytes.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import fc from "fast-check";
import { sanitizeJsonBody } from "./sanitize_json_body.ts";
import { sanitizeText } from "./sanitize_text.ts";

/** Text pieces that meet every rule: scripts, emoji parts, each watched class, escapes, lone halves. */
const PIECES = [
  ...["a", "b", " ", "0", "1", "\n", "\t", '"', "\\", "/", "é", "#", "!", "(", "\u0001", "\u001b"],
  ...["א", "ש", "ب", "م", "ی", "क", "्", "ष", "ශ", "්", "ර", "葛", "≩", "、", "ക"],
  ...["👨", "👩", "🏽", "❤", "✅", "🏴", "🏳", "🌈", "\u20e3", "\u00ad", "\ufffd"],
  ...["\u200b", "\u200c", "\u200d", "\u200e", "\u200f", "\u202e", "\u2066", "\u2069", "\u061c"],
  ...["\ufeff", "\ufe0f", "\ufe0e", "\ufe00", "\ufe02", "\u034f", "\u180e", "\u3164", "\u2065"],
  ...["\u{E0041}", "\u{E0067}", "\u{E0062}", "\u{E0065}", "\u{E006E}", "\u{E007F}", "\u{E0100}"],
  ...["\u{1D173}", "\u{1BCA0}", "\ud800", "\udc00", "\udbff"],
];

const text = fc.array(fc.constantFrom(...PIECES), { maxLength: 12 }).map((p) => p.join(""));

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

const json: fc.Arbitrary<Json> = fc.letrec<{ value: Json }>((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    text,
    fc.constantFrom(null, true, false, 0, -1.5, 1e21, 12345678901234567890),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.array(fc.tuple(text, tie("value")), { maxLength: 4 }).map((entries) =>
      Object.fromEntries(entries)
    ),
  ),
})).value;

const body = fc.array(fc.tuple(text, json), { maxLength: 5 }).map((e) => Object.fromEntries(e));

/**
 * Writes `value` as JSON with escapes and spacing chosen by `choose`: each
 * code unit raw where JSON allows, or as a `\u` escape (either case), or as
 * its short escape — the shapes real clients and hostile ones produce.
 */
function write(value: Json, choose: () => number): string {
  const space = () => [" ", "", "\n  ", ""][choose() % 4]!;
  if (typeof value === "string") {
    let out = '"';
    const escape = (unit: number) => {
      const hex = unit.toString(16).padStart(4, "0");
      return `\\u${choose() % 2 === 0 ? hex : hex.toUpperCase()}`;
    };
    for (const char of value) {
      const pick = choose() % 3;
      const cp = char.codePointAt(0)!;
      const lone = cp >= 0xd800 && cp <= 0xdfff;
      if (pick === 0 || lone || cp < 0x20) {
        // A pair is escaped as its two halves.
        for (let k = 0; k < char.length; k++) out += escape(char.charCodeAt(k));
      } else if (cp === 0x22 || cp === 0x5c) {
        out += `\\${char}`;
      } else if (pick === 1 && cp === 0x2f) {
        out += "\\/";
      } else {
        out += char;
      }
    }
    return `${out}"`;
  }
  if (Array.isArray(value)) {
    return `[${value.map((v) => space() + write(v, choose)).join(",")}${space()}]`;
  }
  if (value !== null && typeof value === "object") {
    const members = Object.entries(value).map(([k, v]) =>
      `${space()}${write(k, choose)}${space()}:${space()}${write(v, choose)}`
    );
    return `{${members.join(",")}${space()}}`;
  }
  return JSON.stringify(value);
}

/**
 * Reads JSON text into values without `JSON.parse` building the objects:
 * V8 15.0 (Deno 2.9) can misread a member name there — after an object with
 * the member `"\\"`, a later `"\u0041"` in the same place comes back as
 * `"\\"` — which would corrupt the model, not the sanitiser. Each string
 * and number token alone still goes through `JSON.parse` (no object, no bug).
 */
function readJson(text: string): Json {
  let i = 0;
  const space = () => {
    while (" \t\n\r".includes(text[i] ?? "x")) i++;
  };
  const token = (re: RegExp) => {
    re.lastIndex = i;
    const m = re.exec(text);
    if (m === null) throw new Error(`bad JSON at ${i}`);
    i += m[0].length;
    return JSON.parse(m[0]) as Json;
  };
  const STRING = /"(?:[^"\\]|\\.)*"/y;
  const SCALAR = /-?\d+(?:\.\d+)?(?:[eE][+-]?\d+)?|true|false|null/y;
  const value = (): Json => {
    space();
    if (text[i] === "{") {
      i++;
      const out: { [key: string]: Json } = {};
      for (space(); text[i] !== "}"; space()) {
        if (text[i] === ",") {
          i++;
          space();
        }
        const key = token(STRING) as string;
        space();
        i++; // the colon
        Object.defineProperty(out, key, {
          value: value(),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      }
      i++;
      return out;
    }
    if (text[i] === "[") {
      i++;
      const out: Json[] = [];
      for (space(); text[i] !== "]"; space()) {
        if (text[i] === ",") i++;
        out.push(value());
      }
      i++;
      return out;
    }
    return text[i] === '"' ? token(STRING) : token(SCALAR);
  };
  const result = value();
  space();
  if (i !== text.length) throw new Error(`trailing data at ${i}`);
  return result;
}

/** The model: every string and member name of a parsed body, sanitised as text. */
function model(value: Json): Json {
  if (typeof value === "string") return sanitizeText(value);
  if (Array.isArray(value)) return value.map(model);
  if (value !== null && typeof value === "object") {
    const out: { [key: string]: Json } = {};
    for (const [k, v] of Object.entries(value)) {
      Object.defineProperty(out, sanitizeText(k), {
        value: model(v),
        enumerable: true,
        writable: true,
        configurable: true,
      });
    }
    return out;
  }
  return value;
}

/** A deterministic choice stream from a seed. */
function chooser(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    return state >>> 0;
  };
}

const encoder = new TextEncoder();
const decoder = new TextDecoder("utf-8", { fatal: true });

Deno.test("sanitizeJsonBody() agrees with sanitising every string of the parsed body", () => {
  fc.assert(
    fc.property(body, fc.integer(), (value, seed) => {
      const written = write(value, chooser(seed));
      const result = sanitizeJsonBody(encoder.encode(written));
      ok(result.kind === "sanitized", result.kind === "sanitized" ? "" : result.reason);
      deepStrictEqual(readJson(decoder.decode(result.bytes)), model(readJson(written)));
    }),
    { numRuns: 2000 },
  );
});

Deno.test("sanitizeJsonBody() is idempotent and hands back an unchanged body as the same bytes", () => {
  fc.assert(
    fc.property(body, fc.integer(), (value, seed) => {
      const input = encoder.encode(write(value, chooser(seed)));
      const once = sanitizeJsonBody(input);
      ok(once.kind === "sanitized");
      if (!once.changed) strictEqual(once.bytes, input);
      const twice = sanitizeJsonBody(once.bytes);
      ok(twice.kind === "sanitized");
      strictEqual(twice.changed, false);
      strictEqual(twice.bytes, once.bytes);
      deepStrictEqual(twice.counts, {});
    }),
    { numRuns: 1000 },
  );
});

Deno.test("sanitizeJsonBody() gives the same bytes for the same body whatever ran before", () => {
  fc.assert(
    fc.property(fc.array(fc.tuple(body, fc.integer()), { minLength: 2, maxLength: 4 }), (list) => {
      const inputs = list.map(([value, seed]) => encoder.encode(write(value, chooser(seed))));
      const first = inputs.map((input) => sanitizeJsonBody(input));
      const again = [...inputs].reverse().map((input) => sanitizeJsonBody(input)).reverse();
      for (let i = 0; i < inputs.length; i++) {
        const [a, b] = [first[i]!, again[i]!];
        ok(a.kind === "sanitized" && b.kind === "sanitized");
        deepStrictEqual(b.bytes, a.bytes);
        deepStrictEqual(b.counts, a.counts);
      }
    }),
    { numRuns: 300 },
  );
});

Deno.test("sanitizeJsonBody() leaves no unconditionally removed code point in any string", () => {
  const always = /[\u200b\u202a-\u202e\u2060-\u206f\u061c\u034f\u180e\u3164\u{E0100}-\u{E0FFF}]/u;
  fc.assert(
    fc.property(body, fc.integer(), (value, seed) => {
      const result = sanitizeJsonBody(encoder.encode(write(value, chooser(seed))));
      ok(result.kind === "sanitized");
      const strings: string[] = [];
      const collect = (v: Json): void => {
        if (typeof v === "string") strings.push(v);
        else if (Array.isArray(v)) v.forEach(collect);
        else if (v !== null && typeof v === "object") {
          for (const [k, x] of Object.entries(v)) {
            strings.push(k);
            collect(x);
          }
        }
      };
      collect(readJson(decoder.decode(result.bytes)));
      for (const s of strings) ok(!always.test(s), JSON.stringify(s));
    }),
    { numRuns: 1000 },
  );
});
