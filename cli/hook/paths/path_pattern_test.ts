import { deepStrictEqual, equal, ok, throws } from "node:assert/strict";
import {
  compilePathPattern,
  matchDepths,
  pathPatternProblem,
  pathSegments,
} from "./path_pattern.ts";

const HOME = "/home/agent";
const depths = (pattern: string, path: string, folded = false) =>
  matchDepths(compilePathPattern(pattern, HOME), pathSegments(path), folded);

Deno.test("matchDepths() anchors ~ at the home folder and names everything below", () => {
  deepStrictEqual(depths("~/.ssh", "/home/agent/.ssh"), [3]);
  deepStrictEqual(depths("~/.ssh", "/home/agent/.ssh/id_rsa"), [3]);
  deepStrictEqual(depths("~/.ssh", "/home/agent/.sshx"), []);
  deepStrictEqual(depths("~/.ssh", "/workspace/home/agent/.ssh"), []);
  deepStrictEqual(depths("~", "/home/agent/x"), [2]);
});

Deno.test("matchDepths() matches a relative pattern at every depth", () => {
  deepStrictEqual(depths(".env", "/workspace/.env"), [2]);
  deepStrictEqual(depths(".env", "/workspace/.env/inner/.env"), [2, 4]);
  deepStrictEqual(depths(".git/hooks", "/workspace/sub/.git/hooks/pre-commit"), [4]);
  deepStrictEqual(depths(".git/hooks/", "/workspace/.git/hooks"), [3]);
  deepStrictEqual(depths(".git/hooks", "/workspace/.git/hooksx"), []);
});

Deno.test("matchDepths() keeps * and ? within one segment", () => {
  deepStrictEqual(depths("/proc/*/environ", "/proc/1/environ"), [3]);
  deepStrictEqual(depths("/proc/*/environ", "/proc/self/task/1/environ"), []);
  deepStrictEqual(depths("*.pem", "/workspace/certs/server.pem"), [3]);
  deepStrictEqual(depths("*.pem", "/workspace/x.pem.bak"), []);
  deepStrictEqual(depths("id_rsa*", "/workspace/id_rsa.pub"), [2]);
  deepStrictEqual(depths(".claude/settings*.json", "/w/.claude/settings.local.json"), [3]);
  deepStrictEqual(depths("?.key", "/w/a.key"), [2]);
  deepStrictEqual(depths("?.key", "/w/ab.key"), []);
});

Deno.test("matchDepths() treats regex characters in patterns literally", () => {
  deepStrictEqual(depths("a+b(c).txt", "/w/a+b(c).txt"), [2]);
  deepStrictEqual(depths("a+b(c).txt", "/w/aab(c)xtxt"), []);
  deepStrictEqual(depths("[x]", "/w/[x]"), [2]);
});

Deno.test("matchDepths() folds case only when asked", () => {
  deepStrictEqual(depths(".env", "/w/.ENV"), []);
  deepStrictEqual(depths(".env", "/w/.ENV", true), [2]);
  deepStrictEqual(depths("*.pem", "/w/A.PEM", true), [2]);
});

Deno.test("pathPatternProblem() refuses empty segments, dot segments, ** and a loose ~", () => {
  for (const bad of ["", "a//b", "./x", "a/../b", "**/x", "/", "a/~/b", "/~/x", "~x", "a\nb"]) {
    ok(pathPatternProblem(bad) !== undefined, bad);
  }
  for (const good of ["~", "~/.ssh", "/etc/shadow", ".env.*", ".git/hooks/", "*.pem"]) {
    equal(pathPatternProblem(good), undefined, good);
  }
});

Deno.test("pathPatternProblem() refuses exceptions made only of wildcards", () => {
  ok(pathPatternProblem("*", true) !== undefined);
  ok(pathPatternProblem("*.*", true) !== undefined);
  equal(pathPatternProblem("*", false), undefined);
  equal(pathPatternProblem(".env.example", true), undefined);
});

Deno.test("compilePathPattern() throws on an invalid pattern", () => {
  throws(() => compilePathPattern("a//b", HOME));
});
