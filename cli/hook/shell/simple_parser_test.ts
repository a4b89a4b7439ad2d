import { deepStrictEqual, ok } from "node:assert/strict";
import {
  FAKE_CWD,
  FAKE_ENV,
  fakeCommandJudge,
  fakeListDir,
  fakePathJudge,
  fakeTreeJudge,
} from "./testdata/corpus_fakes.ts";
import { SHELL_CORPUS } from "./testdata/corpus.ts";
import { decideBash } from "./decide_bash.ts";
import { loadShellParser } from "./load_shell_parser.ts";
import { isSyntaxError } from "./shell_parser.ts";
import { parserFor, parseSimpleCommand, SIMPLE_PARSER } from "./simple_parser.ts";
import type { SyntaxNode } from "./syntax_node.ts";

const full = await loadShellParser();

/** tree-sitter-bash calls a word such as `-20` a `number`; the walker reads both the same way. */
function normalised(node: SyntaxNode): SyntaxNode {
  return {
    ...node,
    type: node.type === "number" ? "word" : node.type,
    children: node.children.map(normalised),
  };
}

function sameTree(source: string): void {
  const simple = parseSimpleCommand(source);
  const real = full.parse(source);
  if (simple === undefined || isSyntaxError(real)) throw new Error(`not both parsed: ${source}`);
  deepStrictEqual(normalised(simple.root), normalised(real.root), source);
}

Deno.test("parseSimpleCommand() builds exactly the tree tree-sitter-bash builds for plain lines", () => {
  for (
    const source of [
      "git status",
      "ls -la src/",
      "npm   run build",
      "npx tsc --noEmit",
      "make -j4",
      "cd src",
      "git log --oneline -20",
      "du -sh node_modules",
      "tail -n 5 x",
    ]
  ) {
    sameTree(source);
  }
});

Deno.test("parseSimpleCommand() leaves everything with shell syntax to the real parser", () => {
  for (
    const source of [
      "cat $F",
      "a=b ls",
      "ls | wc",
      "echo 'x'",
      "ls *.ts",
      "echo {a,b}",
      "ls ~",
      "ls # c",
      "if",
      "time ls",
      "ls\nls",
      "ls;",
      "echo a\\ b",
      "!ls",
      "ls &",
      "cat <f",
      "[[ x ]]",
    ]
  ) {
    deepStrictEqual(parseSimpleCommand(source), undefined, source);
  }
});

Deno.test("parserFor() gives the same decision as the real parser on every plain corpus command", async () => {
  let plain = 0;
  for (const entry of SHELL_CORPUS) {
    const parser = await parserFor(entry.command, loadShellParser);
    if (parser !== SIMPLE_PARSER) continue;
    plain++;
    const context = {
      cwd: FAKE_CWD,
      env: FAKE_ENV,
      judgePath: fakePathJudge,
      judgeTree: fakeTreeJudge,
      judgeCommand: fakeCommandJudge,
      listDir: fakeListDir,
      modes: { inlineCode: "deny" as const },
    };
    deepStrictEqual(
      decideBash(entry.command, { ...context, parser }),
      decideBash(entry.command, { ...context, parser: full }),
      entry.command,
    );
  }
  ok(plain > 30, `${plain} plain commands`);
});
