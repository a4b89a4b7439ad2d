import { equal, ok } from "node:assert/strict";
import { globToRegExp, grepFilter } from "./grep_filter.ts";

Deno.test("grepFilter() with no glob or type selects every file", () => {
  ok(grepFilter(undefined, undefined)(".env"));
  ok(grepFilter("", "")("a/b/.env"));
});

Deno.test("grepFilter() matches a glob without a slash against the file name at any depth", () => {
  const ts = grepFilter("*.ts", undefined);
  ok(ts("src/a.ts"));
  ok(!ts(".env"));
  ok(!ts("config/.env"));
  ok(ts(".env.ts"));
});

Deno.test("grepFilter() reads braces, ** and negation", () => {
  ok(grepFilter("*.{ts,tsx}", undefined)("a/b.tsx"));
  ok(!grepFilter("*.{ts,tsx}", undefined)("a/.env"));
  ok(grepFilter("src/**/*.ts", undefined)("src/a/b/c.ts"));
  ok(grepFilter("src/**/*.ts", undefined)("src/c.ts"));
  ok(!grepFilter("src/**/*.ts", undefined)("lib/c.ts"));
  ok(grepFilter("!*.md", undefined)(".env"), "a negated glob reads everything else");
  ok(!grepFilter("!.env", undefined)(".env"));
});

Deno.test("grepFilter() selects everything for a glob or type it does not understand", () => {
  ok(grepFilter("*.{ts", undefined)(".env"));
  ok(grepFilter("[abc", undefined)(".env"));
  ok(grepFilter(undefined, "no-such-type")(".env"));
});

Deno.test("grepFilter() applies known types by extension", () => {
  ok(grepFilter(undefined, "ts")("src/a.mts"));
  ok(!grepFilter(undefined, "py")(".env"));
  ok(!grepFilter("*.ts", "py")("a.ts"));
});

Deno.test("grepFilter() with several globs reads a file any of them selects", () => {
  const both = grepFilter("*.ts *.env", undefined);
  ok(both("a.ts"));
  ok(both("x.env"));
  ok(!both(".env.local"));
});

Deno.test("globToRegExp() keeps * inside a segment and escapes regex characters", () => {
  equal(globToRegExp("a*.ts")!.test("a/b.ts"), false);
  equal(globToRegExp("a+(b).ts")!.test("a+(b).ts"), true);
  equal(globToRegExp("[!a]x")!.test("bx"), true);
  equal(globToRegExp("[!a]x")!.test("ax"), false);
});
