import { deepStrictEqual, equal, rejects } from "node:assert/strict";
import { describe, it } from "mocha";
import { bottleCli } from "./bottle_cli.ts";
import type { CliRun } from "./parse_cli_result.ts";
import type { RunCli, RunOptions } from "./run_cli.ts";

interface Call {
  readonly args: readonly string[];
  readonly options: RunOptions | undefined;
}

/** A runner that records each command line and answers from `answers` in order. */
function scripted(
  ...answers: Partial<CliRun>[]
): { run: RunCli; calls: Call[] } {
  const calls: Call[] = [];
  const run: RunCli = (args, options) => {
    calls.push({ args, options });
    const answer = answers.shift() ?? {};
    options?.onStderrLine?.("progress line");
    return Promise.resolve({ exitCode: 0, stdout: "", stderr: "", ...answer });
  };
  return { run, calls };
}

const request = { agent: "dev", folder: "/p", name: "dev-1a2b" };
describe("bottleCli()", () => {
  it("starts detached, named, confirmed, in the folder, and returns the name", async () => {
    const { run, calls } = scripted({
      stdout: '{"ok":true,"name":"dev-1a2b","detached":true}',
    });
    const lines: string[] = [];
    equal(
      await bottleCli(run).start(request, (line) => lines.push(line)),
      "dev-1a2b",
    );
    deepStrictEqual(calls[0]?.args, [
      "start",
      "dev",
      "--workspace",
      "/p",
      "--detach",
      "--name",
      "dev-1a2b",
      "--json",
      "--yes",
    ]);
    equal(calls[0]?.options?.cwd, "/p");
    deepStrictEqual(lines, ["progress line"]);
  });

  it("asks for the preflight with a dry run, never --yes, and returns its lines", async () => {
    const { run, calls } = scripted({
      stdout: JSON.stringify({
        ok: true,
        name: "dev-1a2b",
        dryRun: true,
        preflightLines: ['bottle dev-1a2b (agent "dev" from /p/claude-bottle.json)', "  image  x"],
      }),
    });
    deepStrictEqual(await bottleCli(run).preflight(request), [
      'bottle dev-1a2b (agent "dev" from /p/claude-bottle.json)',
      "  image  x",
    ]);
    equal(calls[0]?.args.includes("--yes"), false);
    equal(calls[0]?.args.includes("--dry-run"), true);
    equal(calls[0]?.options?.cwd, "/p");
  });

  it("passes on any error of the dry run (image missing) with its hint", async () => {
    const { run } = scripted({
      exitCode: 4,
      stdout:
        '{"ok":false,"error":{"code":"engine.image_missing","message":"no image","hint":"build it"}}',
    });
    await rejects(bottleCli(run).preflight(request), {
      code: "engine.image_missing",
      message: "no image",
      hint: "build it",
    });
  });

  it("refuses a dry run that returned no preflight (an older bottle)", async () => {
    const { run } = scripted({ stdout: '{"ok":true,"name":"dev-1a2b"}' });
    await rejects(bottleCli(run).preflight(request), {
      code: "extension.no_preflight",
    });
  });

  it("lists with a timeout", async () => {
    const { run, calls } = scripted({ stdout: '{"ok":true,"bottles":[]}' });
    deepStrictEqual(await bottleCli(run).list(), []);
    deepStrictEqual(calls[0]?.args, ["ls", "--json"]);
    equal(typeof calls[0]?.options?.timeoutMs, "number");
  });

  it("validates a named file in the given folder and keeps a failing report", async () => {
    const report = {
      ok: false,
      valid: false,
      errors: 1,
      bottles: [],
      diagnostics: [{ message: "m" }],
    };
    const { run, calls } = scripted({
      exitCode: 3,
      stdout: JSON.stringify(report),
    });
    const validation = await bottleCli(run).validate(
      "/p",
      "/p/claude-bottle.json",
    );
    equal(validation.valid, false);
    deepStrictEqual(calls[0]?.args, [
      "validate",
      "/p/claude-bottle.json",
      "--json",
    ]);
    equal(calls[0]?.options?.cwd, "/p");
  });

  it("reads the audit log's JSON lines, and bottle's error when there is no log", async () => {
    const line = '{"time":"t","channel":"api","decision":"allow","reason":"api.forwarded"}';
    const { run } = scripted(
      { stdout: `${line}\n${line}\n` },
      {
        exitCode: 2,
        stdout: '{"ok":false,"error":{"code":"usage.no_audit_log","message":"none"}}',
      },
    );
    const cli = bottleCli(run);
    equal((await cli.audit("a")).length, 2);
    await rejects(cli.audit("b"), { code: "usage.no_audit_log" });
  });

  it("returns the manifest bottle init wrote, and its error when one exists", async () => {
    const { run, calls } = scripted(
      { stdout: '{"ok":true,"manifest":"/p/claude-bottle.json"}' },
      {
        exitCode: 3,
        stdout: '{"ok":false,"error":{"code":"manifest.exists","message":"exists"}}',
      },
    );
    const cli = bottleCli(run);
    equal(await cli.init("/p"), "/p/claude-bottle.json");
    equal(calls[0]?.options?.cwd, "/p");
    await rejects(cli.init("/p"), { code: "manifest.exists" });
  });

  it("stops by name", async () => {
    const { run, calls } = scripted({
      stdout: '{"ok":true,"stopped":["x"],"notRunning":[]}',
    });
    await bottleCli(run).stop("x");
    deepStrictEqual(calls[0]?.args, ["stop", "x", "--json"]);
  });
});
