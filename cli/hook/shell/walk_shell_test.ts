import { deepStrictEqual, ok } from "node:assert/strict";
import { FAKE_CWD, FAKE_ENV } from "./testdata/corpus_fakes.ts";
import type { ShellCommand } from "./shell_command.ts";
import { loadShellParser } from "./load_shell_parser.ts";
import { isSyntaxError } from "./shell_parser.ts";
import { ShellScope } from "./shell_scope.ts";
import { fieldText } from "./shell_word.ts";
import { walkShell } from "./walk_shell.ts";

const parser = await loadShellParser();

/** Walks `source` and returns every command found. */
function walk(source: string): ShellCommand[] {
  const parsed = parser.parse(source);
  if (isSyntaxError(parsed)) throw new Error(parsed.error);
  const out: ShellCommand[] = [];
  walkShell(parsed, new ShellScope(FAKE_ENV, [FAKE_CWD]), (c) => out.push(c));
  return out;
}

/** Each command's words as text (unknown parts as `*`). */
function argvs(source: string): string[][] {
  return walk(source).filter((c) => c.words.length > 0).map((c) =>
    c.words.flatMap((w) => w.fields.map(fieldText))
  );
}

const names = (source: string) => argvs(source).map((a) => a[0]);

Deno.test("walkShell() normalises quotes and escapes: every spelling of cat is cat", () => {
  const table: Array<[string, string]> = [
    ["cat", "cat"],
    ["c''at", "cat"],
    ["c\\at", "cat"],
    [`"c"a't'`, "cat"],
    ["$'\\143\\141\\164'", "cat"],
    ["$'\\x63\\x61\\x74'", "cat"],
    ["$'\\u0063at'", "cat"],
    [`"ca""t"`, "cat"],
    ["'c'\"a\"t", "cat"],
    ["\\c\\a\\t", "cat"],
  ];
  for (const [written, expected] of table) {
    deepStrictEqual(names(`${written} x`), [expected], written);
  }
});

Deno.test("walkShell() decodes arguments: double-quote escapes, ANSI-C, concatenation", () => {
  deepStrictEqual(argvs(`echo "a\\$b" 'c\\d' $'e\\tf' g"h"'i'`), [[
    "echo",
    "a$b",
    "c\\d",
    "e\tf",
    "ghi",
  ]]);
  deepStrictEqual(argvs(`echo "x\\ny"`), [["echo", "x\\ny"]]);
});

Deno.test("walkShell() reaches every construct: lists, pipelines, subshells, groups, branches, loops", () => {
  const source = [
    "a1 && a2 || a3",
    "b1 | b2 |& b3",
    "(c1; c2)",
    "{ d1; }",
    "if e1; then e2; elif e3; then e4; else e5; fi",
    "while f1; do f2; done",
    "until g1; do g2; done",
    "for x in 1 2; do h1; done",
    "for ((i=0;i<2;i++)); do i1; done",
    "case y in a) j1;; *) j2;; esac",
    "select z in a; do k1; done",
    "! l1",
    "m1 &",
  ].join("\n");
  const found = new Set(names(source));
  for (
    const n of [
      "a1",
      "a2",
      "a3",
      "b1",
      "b2",
      "b3",
      "c1",
      "c2",
      "d1",
      "e1",
      "e2",
      "e3",
      "e4",
      "e5",
      "f1",
      "f2",
      "g1",
      "g2",
      "h1",
      "i1",
      "j1",
      "j2",
      "k1",
      "l1",
      "m1",
    ]
  ) {
    ok(found.has(n), `${n} not reached`);
  }
});

Deno.test("walkShell() reaches commands inside substitutions, arithmetic, [[ ]], here-docs and functions", () => {
  const source = [
    "echo $(s1) `s2` <(s3) >(s4)",
    "echo $(( $(s5) + 1 ))",
    "[[ -f $(s6) ]]",
    "echo ${x:-$(s7)}",
    'echo "$(s8 "$(s9)")"',
    "cat <<EOF\n$(s10)\nEOF",
    "f() { s11; }",
    "X=$(s12) s13",
  ].join("\n");
  const found = walk(source);
  for (let i = 1; i <= 13; i++) {
    const c = found.find((cmd) =>
      cmd.words[0] !== undefined && fieldText(cmd.words[0].fields[0]!) === `s${i}`
    );
    ok(c !== undefined, `s${i} not reached`);
  }
  const s1 = found.find((c) => c.words[0] && fieldText(c.words[0].fields[0]!) === "s1")!;
  deepStrictEqual(s1.via, ["$(…)"]);
  const s11 = found.find((c) => c.words[0] && fieldText(c.words[0].fields[0]!) === "s11")!;
  deepStrictEqual(s11.via, ["function f"]);
});

Deno.test("walkShell() reports redirections with descriptor, operator and direction", () => {
  const [cmd] = walk("cat < in 3< three > out 2>> err &> both 2>&1 <&- >| clobber");
  const summary = cmd!.redirects.map((
    r,
  ) => [r.fd, r.op, r.access, r.target === null ? null : fieldText(r.target.fields[0]!)]);
  deepStrictEqual(summary, [
    [null, "<", "read", "in"],
    [3, "<", "read", "three"],
    [null, ">", "write", "out"],
    [2, ">>", "write", "err"],
    [null, "&>", "write", "both"],
    [2, ">&", "none", null],
    [null, "<&-", "none", null],
    [null, ">|", "write", "clobber"],
  ]);
});

Deno.test("walkShell() knows where standard input comes from: pipe, file, here-doc, here-string", () => {
  const kinds = (source: string) =>
    walk(source).filter((c) => c.words.length > 0).map((c) => c.stdin.kind);
  deepStrictEqual(kinds("a | b | c"), ["inherit", "pipe", "pipe"]);
  deepStrictEqual(kinds("a < f"), ["file"]);
  deepStrictEqual(kinds("a <<EOF\nx\nEOF"), ["heredoc"]);
  deepStrictEqual(kinds("a <<< x"), ["herestring"]);
  deepStrictEqual(kinds("a | { b; c; }"), ["inherit", "pipe", "pipe"]);
  deepStrictEqual(kinds("cat <<'EOF' | sh\nid\nEOF"), ["heredoc", "pipe"]);
  const [doc] = walk("a <<'EOF'\n$(x) y\nEOF").filter((c) => c.words.length > 0);
  deepStrictEqual(doc!.stdin, { kind: "heredoc", text: "$(x) y\n", literal: true });
});

Deno.test("walkShell() tracks assignments, cd and scopes like bash", () => {
  deepStrictEqual(argvs("F=.env; cat $F"), [["cat", ".env"]]);
  deepStrictEqual(argvs("F='a b'; cat $F \"$F\""), [["cat", "a", "b", "a b"]]);
  deepStrictEqual(argvs("(X=1); echo ${X}y"), [["echo", "y"]]);
  deepStrictEqual(argvs("X=1 | true; echo ${X}y").at(-1), ["echo", "y"]);
  deepStrictEqual(argvs("echo ~ ~/a"), [["echo", "/home/agent", "/home/agent/a"]]);
  deepStrictEqual(argvs("echo $(echo hi) $(printf 'c\\x61t')"), [["echo", "hi"], [
    "printf",
    "c\\x61t",
  ], ["echo", "hi", "cat"]]);
  const cmds = walk("cd src && ls; cd /tmp; ls");
  // A cd may fail, so the folder before it stays possible.
  deepStrictEqual(cmds.map((c) => c.scope.cwd), [
    ["/workspace"],
    ["/workspace", "/workspace/src"],
    ["/workspace", "/workspace/src"],
    ["/workspace", "/workspace/src", "/tmp"],
  ]);
});

Deno.test("walkShell() gives a variable every value a branch may leave", () => {
  const [, cmd] = walk("true || X=a; echo ${X:-b}").filter((c) => c.words.length > 0);
  deepStrictEqual(cmd!.words[1]!.fields.map(fieldText).sort(), ["a", "b"]);
});

Deno.test("walkShell() turns unknown values into wildcards and brace expansion into fields", () => {
  deepStrictEqual(argvs("cat $(cat list)/x"), [["cat", "list"], ["cat", "*/x"]]);
  deepStrictEqual(argvs("echo {a,b}.txt x{1..3}"), [["echo", "a.txt", "b.txt", "x1", "x2", "x3"]]);
});
