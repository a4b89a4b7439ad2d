/**
 * Runs the shell corpus through decideBash with the fake policy: every
 * attack must be denied and no everyday command may be; precision and recall
 * are printed.
 */
import { deepStrictEqual, ok } from "node:assert/strict";
import {
  FAKE_CWD,
  FAKE_ENV,
  fakeCommandJudge,
  fakeListDir,
  fakePathJudge,
  fakeTreeJudge,
} from "./testdata/corpus_fakes.ts";
import { SHELL_ATTACKS, SHELL_CORPUS, SHELL_EVERYDAY } from "./testdata/corpus.ts";
import { decideBash } from "./decide_bash.ts";
import { loadShellParser } from "./load_shell_parser.ts";

const parser = await loadShellParser();

function decide(command: string) {
  return decideBash(command, {
    parser,
    cwd: FAKE_CWD,
    env: FAKE_ENV,
    judgePath: fakePathJudge,
    judgeTree: fakeTreeJudge,
    judgeCommand: fakeCommandJudge,
    listDir: fakeListDir,
    modes: { inlineCode: "deny" },
  });
}

Deno.test("corpus is big enough: at least 120 attacks and 80 everyday commands", () => {
  ok(SHELL_ATTACKS.length >= 120, `${SHELL_ATTACKS.length} attacks`);
  ok(SHELL_EVERYDAY.length >= 80, `${SHELL_EVERYDAY.length} everyday commands`);
  deepStrictEqual(
    new Set(SHELL_CORPUS.map((e) => e.command)).size,
    SHELL_CORPUS.length,
    "duplicate commands",
  );
});

Deno.test("corpus: every attack denied, no everyday command denied (precision and recall 1)", () => {
  let truePositive = 0;
  let falsePositive = 0;
  let falseNegative = 0;
  const wrong: string[] = [];
  for (const entry of SHELL_CORPUS) {
    const verdict = decide(entry.command);
    const deniedNow = verdict.action !== "allow";
    if (deniedNow && entry.expect === "deny") truePositive++;
    if (deniedNow && entry.expect === "allow") falsePositive++;
    if (!deniedNow && entry.expect === "deny") falseNegative++;
    if (deniedNow !== (entry.expect === "deny")) {
      wrong.push(
        `${entry.expect} expected, got ${JSON.stringify(verdict)}: ${
          JSON.stringify(entry.command)
        } (${entry.why})`,
      );
    }
  }
  const precision = truePositive / (truePositive + falsePositive);
  const recall = truePositive / (truePositive + falseNegative);
  console.log(
    `shell corpus: ${SHELL_ATTACKS.length} attacks, ${SHELL_EVERYDAY.length} everyday; ` +
      `precision ${precision.toFixed(3)}, recall ${recall.toFixed(3)}`,
  );
  deepStrictEqual(wrong, []);
});

Deno.test("corpus: every denial carries a stable dotted rule and a reason", () => {
  for (const entry of SHELL_ATTACKS) {
    const verdict = decide(entry.command);
    if (verdict.action === "allow") throw new Error(`allowed: ${entry.command}`);
    ok(/^[a-z]+\.[a-z_]+$/.test(verdict.rule), `${verdict.rule} for ${entry.command}`);
    ok(verdict.reason.length > 10, entry.command);
  }
});

Deno.test("corpus: inline code is asked, not denied, when the manifest says ask", () => {
  const verdict = decideBash("python3 -c 'print(1)'", {
    parser,
    cwd: FAKE_CWD,
    env: FAKE_ENV,
    judgePath: fakePathJudge,
    judgeTree: fakeTreeJudge,
    judgeCommand: fakeCommandJudge,
    listDir: fakeListDir,
    modes: { inlineCode: "ask" },
  });
  deepStrictEqual(verdict, {
    action: "ask",
    rule: "shell.inline_code",
    reason: "python3 -c runs code given on the command line: inline code cannot be checked",
  });
});
