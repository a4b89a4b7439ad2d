import { deepStrictEqual, equal, rejects } from "node:assert/strict";
import { chmodSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, describe, it } from "mocha";
import { spawnRunner } from "./run_cli.ts";

describe("spawnRunner()", () => {
  let dir = "";
  let fake = "";
  before(() => {
    dir = mkdtempSync(join(tmpdir(), "bottle-ext-"));
    fake = join(dir, "bottle");
    // A stand-in for bottle: echoes its arguments, the folder and one variable; fails on "fail".
    writeFileSync(
      fake,
      [
        "#!/bin/sh",
        'printf "line one\\nline two" >&2',
        'if [ "$1" = fail ]; then echo \'{"ok":false,"error":{"code":"usage.x","message":"m"}}\'; exit 2; fi',
        'if [ "$1" = sleep ]; then exec sleep 5; fi',
        'printf \'{"ok":true,"args":"%s","cwd":"%s","color":"%s"}\\n\' "$*" "$(pwd)" "$NO_COLOR"',
      ].join("\n"),
    );
    chmodSync(fake, 0o755);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it("passes arguments without a shell and runs in the given folder", async () => {
    const run = await spawnRunner(fake, { PATH: "/usr/bin:/bin" })([
      "ls",
      "a b;c",
    ], { cwd: dir });
    equal(run.exitCode, 0);
    deepStrictEqual(JSON.parse(run.stdout), {
      ok: true,
      args: "ls a b;c",
      cwd: dir,
      color: "1",
    });
  });

  it("hands each stderr line over, the last one without a newline too", async () => {
    const lines: string[] = [];
    await spawnRunner(fake, {})(["ls"], {
      onStderrLine: (line) => lines.push(line),
    });
    deepStrictEqual(lines, ["line one", "line two"]);
  });

  it("reports the exit status of a failing run", async () => {
    equal((await spawnRunner(fake, {})(["fail"])).exitCode, 2);
  });

  it("fails with a cannot_run failure when the program is missing", async () => {
    await rejects(spawnRunner(join(dir, "missing"), {})(["ls"]), {
      code: "extension.cannot_run",
    });
  });

  it("kills a run that outlives its timeout", async () => {
    await rejects(spawnRunner(fake, {})(["sleep"], { timeoutMs: 200 }), {
      code: "extension.timeout",
    });
  });
});
