/**
 * A fast path for the plainest command lines (`git status`, `npm test`,
 * `ls -la src`): words of letters, digits and `_ . / : @ % + , = ^ -`
 * separated by blanks, with no quote, expansion, operator, glob, brace,
 * comment or reserved word. For those, bash's grammar has exactly one reading,
 * so the tree is built directly and the hook skips compiling the WebAssembly
 * parser (the largest part of its start-up). Anything else goes to the real
 * parser.
 */

import type { ShellParser, ShellSyntaxError } from "./shell_parser.ts";
import type { ParsedShell, SyntaxNode } from "./syntax_node.ts";

const WORD = /[A-Za-z0-9_./:@%+,=^-]+/g;
const SIMPLE = /^[A-Za-z0-9_./:@%+,=^-]+(?:[ \t]+[A-Za-z0-9_./:@%+,=^-]+)*$/;

/** Words bash reads as syntax in command position, and the declaration builtins it parses apart. */
const RESERVED = new Set([
  "export",
  "declare",
  "typeset",
  "local",
  "readonly",
  "unset",
  "if",
  "then",
  "else",
  "elif",
  "fi",
  "case",
  "esac",
  "for",
  "select",
  "while",
  "until",
  "do",
  "done",
  "in",
  "function",
  "time",
  "coproc",
]);

const leaf = (type: string, field: string | null, start: number, end: number): SyntaxNode => ({
  type,
  named: true,
  field,
  start,
  end,
  children: [],
});

/** The tree of a plain command line, or undefined when it needs the real parser. */
export function parseSimpleCommand(source: string): ParsedShell | undefined {
  if (!SIMPLE.test(source)) return undefined;
  const words = [...source.matchAll(WORD)];
  const first = words[0];
  if (first === undefined || first[0].includes("=") || RESERVED.has(first[0])) return undefined;
  const start = first.index;
  const last = words[words.length - 1]!;
  const end = last.index + last[0].length;
  const name: SyntaxNode = {
    ...leaf("command_name", "name", start, start + first[0].length),
    children: [leaf("word", null, start, start + first[0].length)],
  };
  const args = words.slice(1).map((w) => leaf("word", "argument", w.index, w.index + w[0].length));
  const command: SyntaxNode = { ...leaf("command", null, start, end), children: [name, ...args] };
  return { source, root: { ...leaf("program", null, 0, source.length), children: [command] } };
}

/** A parser for plain command lines only (everything else is reported as needing the real parser). */
export const SIMPLE_PARSER: ShellParser = {
  parse(source: string): ParsedShell | ShellSyntaxError {
    return parseSimpleCommand(source) ?? { error: "not a plain command line", offset: 0 };
  },
};

/**
 * The parser a command needs: SIMPLE_PARSER for a plain command line (no
 * WebAssembly is compiled), else whatever `load` gives (loadShellParser, or
 * createShellParser over files shipped beside the hook). A plain line can only
 * hand a plain string to `sh -c`, so SIMPLE_PARSER is enough for the whole
 * decision.
 */
export function parserFor(command: string, load: () => Promise<ShellParser>): Promise<ShellParser> {
  return parseSimpleCommand(command) === undefined ? load() : Promise.resolve(SIMPLE_PARSER);
}
