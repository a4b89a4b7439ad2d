import { deepStrictEqual, ok } from "node:assert/strict";
import { awkReads, awkRisk, awkWrites, gitConfigRisk, sedEffects, tarRisk } from "./inline_code.ts";

Deno.test("awkRisk() flags system(), getline from a command and print into a pipe", () => {
  ok(awkRisk('BEGIN { system("id") }'));
  ok(awkRisk('BEGIN { "id" | getline x }'));
  ok(awkRisk('{ print | "sh" }'));
  ok(awkRisk("{ getline line < f }"));
  deepStrictEqual(awkRisk("{ print $1 }"), undefined);
  deepStrictEqual(awkRisk("-F: '{ n++ } END { print n }'"), undefined);
});

Deno.test("awkWrites() and awkReads() find literal file names", () => {
  deepStrictEqual(awkWrites('{ print > "out.txt"; printf "x" >> "log" }'), ["out.txt", "log"]);
  deepStrictEqual(awkReads('BEGIN { while ((getline l < ".env") > 0) print l }'), [".env"]);
});

Deno.test("sedEffects() finds e, w, r and the s flags e and w", () => {
  deepStrictEqual(sedEffects("1e id").runs !== undefined, true);
  deepStrictEqual(sedEffects("s/a/b/e").runs !== undefined, true);
  deepStrictEqual(sedEffects("s/a/b/gw out.txt").writes, ["out.txt"]);
  deepStrictEqual(sedEffects("/x/w .git/config").writes, [".git/config"]);
  deepStrictEqual(sedEffects("r .env").reads, [".env"]);
  deepStrictEqual(sedEffects("s/e/w/g; /^$/d; 1,20p"), { writes: [], reads: [] });
  deepStrictEqual(sedEffects("s|/usr/e|/x|"), { writes: [], reads: [] });
});

Deno.test("gitConfigRisk() flags keys that name programs and shell aliases only", () => {
  for (
    const key of [
      "core.sshCommand",
      "core.pager",
      "core.editor",
      "core.fsmonitor",
      "core.hooksPath",
      "diff.x.textconv",
      "filter.lfs.smudge",
      "credential.helper",
      "include.path",
    ]
  ) {
    ok(gitConfigRisk(key, "x"), key);
  }
  ok(gitConfigRisk("alias.x", "!sh -c id"));
  deepStrictEqual(gitConfigRisk("alias.st", "status"), undefined);
  deepStrictEqual(gitConfigRisk("user.email", "a@b"), undefined);
});

Deno.test("tarRisk() flags options that run programs", () => {
  ok(tarRisk("--checkpoint-action=exec=id"));
  ok(tarRisk("--to-command=sh"));
  ok(tarRisk("--use-compress-program=x"));
  deepStrictEqual(tarRisk("--exclude=node_modules"), undefined);
});
