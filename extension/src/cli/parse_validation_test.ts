import { deepStrictEqual, equal, throws } from "node:assert/strict";
import { describe, it } from "mocha";
import { parseValidation, validationSummary } from "./parse_validation.ts";

/** A result exactly as `bottle validate --json` prints it for a manifest with a typo. */
const INVALID = {
  manifest: "/p/claude-bottle.json",
  source: "discovered",
  valid: false,
  errors: 1,
  warnings: 0,
  bottles: ["dev"],
  diagnostics: [{
    file: "/p/claude-bottle.json",
    line: 4,
    column: 7,
    endLine: 4,
    endColumn: 18,
    severity: "error",
    code: "unknown-key",
    message: 'unknown key "worksapce" (did you mean "workspace"?)',
    pointer: "/bottles/dev/worksapce",
  }],
};

describe("parseValidation()", () => {
  it("reads the problems with their places", () => {
    const v = parseValidation(INVALID);
    equal(v.valid, false);
    deepStrictEqual(v.problems[0], {
      file: "/p/claude-bottle.json",
      line: 4,
      column: 7,
      endLine: 4,
      endColumn: 18,
      severity: "error",
      code: "unknown-key",
      message: 'unknown key "worksapce" (did you mean "workspace"?)',
    });
  });

  it("reads the built-in default (no manifest file, one bottle)", () => {
    const v = parseValidation({
      manifest: null,
      source: "builtin",
      valid: true,
      errors: 0,
      warnings: 0,
      bottles: ["claude"],
      diagnostics: [],
    });
    deepStrictEqual([v.manifest, v.source, v.valid, v.bottles], [
      null,
      "builtin",
      true,
      ["claude"],
    ]);
  });

  it("is invalid when an error is listed even if valid says true", () => {
    equal(parseValidation({ ...INVALID, valid: true }).valid, false);
  });

  it("treats an unknown severity as an error", () => {
    const v = parseValidation({
      ...INVALID,
      diagnostics: [{ ...INVALID.diagnostics[0], severity: "fatal" }],
    });
    equal(v.problems[0]?.severity, "error");
  });

  it("clamps lines and columns to 1 or more", () => {
    const v = parseValidation({
      ...INVALID,
      diagnostics: [{ message: "m", line: 0, column: -3 }],
    });
    deepStrictEqual([v.problems[0]?.line, v.problems[0]?.column], [1, 1]);
  });

  it("throws on a result that is not a validation report", () => {
    throws(() => parseValidation({ bottles: [] }), /printed no report/);
  });
});

describe("validationSummary()", () => {
  it("names the bottles of a valid manifest", () => {
    const v = parseValidation({
      ...INVALID,
      valid: true,
      errors: 0,
      diagnostics: [],
    });
    equal(
      validationSummary(v, "claude-bottle.json"),
      "claude-bottle.json is valid: 1 bottle: dev",
    );
  });

  it("counts errors and warnings of an invalid one", () => {
    equal(
      validationSummary(parseValidation(INVALID), "claude-bottle.json"),
      "claude-bottle.json: 1 error, 0 warnings",
    );
  });
});
