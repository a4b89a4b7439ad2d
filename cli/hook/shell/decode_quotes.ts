/**
 * Quote and escape removal, exactly as bash does it, so that `c''at`, `c\at`,
 * `"c"a't'` and `$'\143\141\164'` are all seen as `cat`: a policy that
 * compared the raw text would be fooled by any of them.
 */

/** Text of an unquoted word: `\x` is `x`, and a backslash-newline disappears. */
export function decodeUnquoted(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (ch !== "\\") {
      out += ch;
      continue;
    }
    const next = text[i + 1];
    if (next === undefined) out += "\\";
    else if (next !== "\n") out += next;
    i++;
  }
  return out;
}

/**
 * Text inside double quotes (quotes already removed): a backslash escapes only
 * `$`, backquote, `"`, `\` and newline (which disappears); before anything
 * else it stays.
 */
export function decodeDoubleQuoted(text: string): string {
  let out = "";
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    const next = text[i + 1];
    if (ch === "\\" && next !== undefined && '$`"\\\n'.includes(next)) {
      if (next !== "\n") out += next;
      i++;
    } else {
      out += ch;
    }
  }
  return out;
}

const SIMPLE_ESCAPES: Readonly<Record<string, string>> = {
  a: "\x07",
  b: "\b",
  e: "\x1b",
  E: "\x1b",
  f: "\f",
  n: "\n",
  r: "\r",
  t: "\t",
  v: "\v",
  "\\": "\\",
  "'": "'",
  '"': '"',
  "?": "?",
};

/** Reads up to `max` digits of `base` at `i`; returns the value and how many were read. */
function digits(text: string, i: number, max: number, base: 8 | 16): [number, number] {
  const allowed = base === 8 ? /[0-7]/ : /[0-9a-fA-F]/;
  let n = 0;
  while (n < max && i + n < text.length && allowed.test(text[i + n]!)) n++;
  return [n === 0 ? 0 : parseInt(text.slice(i, i + n), base), n];
}

/**
 * The body of a `$'…'` string (without `$'` and `'`): C escapes, octal
 * `\nnn`, hex `\xHH`, `\uHHHH`, `\UHHHHHHHH` and control `\cX`. A NUL ends
 * the string, as in bash.
 */
export function decodeAnsiC(body: string): string {
  let out = "";
  for (let i = 0; i < body.length; i++) {
    const ch = body[i]!;
    if (ch !== "\\" || i + 1 >= body.length) {
      out += ch;
      continue;
    }
    const next = body[i + 1]!;
    const simple = SIMPLE_ESCAPES[next];
    if (simple !== undefined) {
      out += simple;
      i++;
    } else if (/[0-7]/.test(next)) {
      const [value, n] = digits(body, i + 1, 3, 8);
      out += String.fromCharCode(value & 0xff);
      i += n;
    } else if (next === "x" || next === "u" || next === "U") {
      const max = next === "x" ? 2 : next === "u" ? 4 : 8;
      const [value, n] = digits(body, i + 2, max, 16);
      if (n === 0) {
        out += `\\${next}`;
      } else {
        out += value > 0x10ffff ? "\ufffd" : String.fromCodePoint(value);
      }
      i += 1 + n;
    } else if (next === "c" && i + 2 < body.length) {
      out += String.fromCharCode(body[i + 2]!.toUpperCase().charCodeAt(0) & 0x1f);
      i += 2;
    } else {
      out += `\\${next}`;
      i++;
    }
  }
  const nul = out.indexOf("\0");
  return nul === -1 ? out : out.slice(0, nul);
}
