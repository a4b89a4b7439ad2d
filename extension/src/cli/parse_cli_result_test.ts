import { deepStrictEqual, equal, throws } from "node:assert/strict";
import { describe, it } from "mocha";
import { BottleFailure } from "./bottle_failure.ts";
import { parseCliResult } from "./parse_cli_result.ts";

const run = (stdout: string, exitCode = 0, stderr = "") => ({
  stdout,
  stderr,
  exitCode,
});

describe("parseCliResult()", () => {
  it("returns the result fields without ok", () => {
    const parsed = parseCliResult(
      run('{"ok":true,"stopped":["a"],"notRunning":[]}\n'),
      "stop",
    );
    deepStrictEqual(parsed, {
      exitCode: 0,
      result: { stopped: ["a"], notRunning: [] },
    });
  });

  it("reads only the last line (human output before it is ignored)", () => {
    const parsed = parseCliResult(
      run('dev-1\n{"ok":true,"name":"dev-1"}\n\n'),
      "start",
    );
    equal(parsed.result.name, "dev-1");
  });

  it("throws bottle's error with its code, message, hint and exit status", () => {
    const line = JSON.stringify({
      ok: false,
      error: {
        code: "engine.image_missing",
        message: "no image",
        hint: "build it",
      },
    });
    throws(() => parseCliResult(run(line, 4), "start"), (error: unknown) => {
      const failure = error as BottleFailure;
      return failure instanceof BottleFailure &&
        failure.code === "engine.image_missing" &&
        failure.message === "no image" && failure.hint === "build it" &&
        failure.exitCode === 4;
    });
  });

  it("keeps a failed result that is not an error object (validate exits 3 with its report)", () => {
    const parsed = parseCliResult(
      run('{"ok":false,"valid":false,"errors":2}', 3),
      "validate",
    );
    deepStrictEqual(parsed, {
      exitCode: 3,
      result: { valid: false, errors: 2 },
    });
  });

  it("refuses output that is not a JSON object, using bottle's stderr message when there is one", () => {
    throws(
      () =>
        parseCliResult(
          run("not json", 1, "bottle: internal error: boom\nhint: report it\n"),
          "ls",
        ),
      (error: unknown) =>
        error instanceof BottleFailure &&
        error.message === "internal error: boom" &&
        error.hint === "report it" && error.exitCode === 1,
    );
  });

  it("refuses empty output even with exit status 0", () => {
    throws(
      () => parseCliResult(run("", 0), "ls"),
      /ls exited with status 0 and printed no result/,
    );
  });

  it("refuses a JSON array or a bare value as the result", () => {
    throws(() => parseCliResult(run("[1,2]"), "ls"), BottleFailure);
    throws(() => parseCliResult(run("42"), "ls"), BottleFailure);
  });
});
