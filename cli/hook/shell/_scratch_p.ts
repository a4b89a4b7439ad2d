import { decideBash, loadShellParser } from "./mod.ts";
import {
  FAKE_CWD,
  FAKE_ENV,
  fakeCommandJudge,
  fakeListDir,
  fakePathJudge,
} from "./_corpus_fakes.ts";
const parser = await loadShellParser();
const text = await Deno.readTextFile(Deno.args[0]!);
for (const cmd of text.split("\n@@\n")) {
  const t0 = performance.now();
  const v = decideBash(cmd, {
    parser,
    cwd: FAKE_CWD,
    env: FAKE_ENV,
    judgePath: fakePathJudge,
    judgeCommand: fakeCommandJudge,
    listDir: fakeListDir,
    modes: { inlineCode: "deny" },
  });
  const ms = (performance.now() - t0).toFixed(1);
  console.log(
    `${v.action.padEnd(5)} ${ms.padStart(5)} ${JSON.stringify(cmd).slice(0, 70).padEnd(70)} ${
      "rule" in v ? v.rule + ": " + v.reason.slice(0, 90) : ""
    }`,
  );
}
