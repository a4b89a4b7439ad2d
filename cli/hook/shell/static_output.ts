/**
 * The output of the few commands whose output is known without running them
 * (`echo`, `printf`, `pwd`), so that `$(printf 'c\x61t')` or `$(echo .env)`
 * become known values instead of opaque ones.
 */

import { decodeAnsiC } from "./decode_quotes.ts";

/** Most output worked out for one command; longer is treated as unknown. */
const MAX_OUTPUT = 65536;

function echo(args: readonly string[]): string {
  let newline = true;
  let escapes = false;
  let i = 0;
  for (; i < args.length && /^-[neE]+$/.test(args[i]!); i++) {
    for (const flag of args[i]!.slice(1)) {
      if (flag === "n") newline = false;
      else escapes = flag === "e";
    }
  }
  let out = args.slice(i).join(" ");
  if (escapes) {
    const cut = out.indexOf("\\c");
    if (cut !== -1) {
      out = out.slice(0, cut);
      newline = false;
    }
    out = decodeAnsiC(out.replace(/\\0([0-7]{0,3})/g, "\\$1"));
  }
  return newline ? `${out}\n` : out;
}

function printf(args: readonly string[]): string | undefined {
  if (args[0] === "--") args = args.slice(1);
  const format = args[0];
  if (format === undefined || format.startsWith("-")) return undefined;
  const values = args.slice(1);
  let out = "";
  let next = 0;
  do {
    let consumed = false;
    let unsupported = false;
    const text = format.replace(
      /%([-+ #0]*\d*(?:\.\d+)?)([sbdicxXo%])/g,
      (_, _flags: string, conv: string) => {
        if (conv === "%") return "%";
        consumed = true;
        const value = values[next++] ?? "";
        if (conv === "s") return value;
        if (conv === "b") return decodeAnsiC(value);
        if (conv === "c") return value.slice(0, 1);
        if (/^-?\d+$/.test(value) || value === "") {
          const n = Number(value || 0);
          return conv === "x"
            ? n.toString(16)
            : conv === "X"
            ? n.toString(16).toUpperCase()
            : conv === "o"
            ? n.toString(8)
            : String(n);
        }
        unsupported = true;
        return "";
      },
    );
    if (unsupported) return undefined;
    out += decodeAnsiC(text.replace(/\\([0-7]{1,3})/g, (_, oct: string) => `\\${oct}`));
    if (!consumed) break;
    if (out.length > MAX_OUTPUT) return undefined;
  } while (next < values.length);
  return out;
}

/**
 * What a command prints, when that is known from its words alone (all of
 * them exact): `echo`, `printf` (without `-v`) and `pwd` in a known folder.
 * Undefined otherwise.
 */
export function staticOutput(argv: readonly string[], cwd: string | undefined): string | undefined {
  const [name, ...args] = argv;
  let out: string | undefined;
  if (name === "echo") out = echo(args);
  else if (name === "printf") out = printf(args);
  else if (name === "pwd" && cwd !== undefined) out = `${cwd}\n`;
  return out !== undefined && out.length <= MAX_OUTPUT ? out : undefined;
}
