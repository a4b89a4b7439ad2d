import { deepStrictEqual, strictEqual } from "node:assert/strict";
import {
  formatSupervisorReport,
  parseSupervisorReport,
  SUPERVISOR_FAILED,
  type SupervisorReport,
} from "./supervisor_report.ts";

Deno.test("parseSupervisorReport() reads a ready report", () => {
  deepStrictEqual(parseSupervisorReport('{"ok":true,"name":"dev-1","pid":4242}'), {
    ok: true,
    name: "dev-1",
    pid: 4242,
  });
});

Deno.test("parseSupervisorReport() keeps only the known fields of a ready report", () => {
  deepStrictEqual(parseSupervisorReport('{"ok":true,"name":"dev-1","pid":7,"token":"x"}'), {
    ok: true,
    name: "dev-1",
    pid: 7,
  });
});

Deno.test("parseSupervisorReport() reads a failure with code, exit status and hint", () => {
  deepStrictEqual(
    parseSupervisorReport(
      '{"ok":false,"code":"engine.run_failed","exitCode":4,"message":"no engine","hint":"start docker"}',
    ),
    {
      ok: false,
      code: "engine.run_failed",
      exitCode: 4,
      message: "no engine",
      hint: "start docker",
    },
  );
});

Deno.test("parseSupervisorReport() fills a bare failure with engine.supervisor_failed, exit 1 and no hint", () => {
  const report = parseSupervisorReport('{"ok":false,"message":"it broke","hint":42,"code":7}');
  deepStrictEqual(report, {
    ok: false,
    // One spelling: the code the launcher throws when no report came at all.
    code: "engine.supervisor_failed",
    exitCode: 1,
    message: "it broke",
  });
  strictEqual(report !== undefined && "hint" in report, false);
});

Deno.test("parseSupervisorReport() refuses lines that are not a report", () => {
  const garbage = [
    "",
    "   ",
    "starting…",
    "Error: something",
    "null",
    "5",
    '"ok"',
    "[]",
    "[true]",
    "{}",
    '{"ok":true}',
    '{"ok":true,"name":"dev-1"}',
    '{"ok":true,"name":"dev-1","pid":"4242"}',
    '{"ok":true,"name":5,"pid":1}',
    '{"ok":"true","name":"dev-1","pid":1}',
    '{"ok":1,"name":"dev-1","pid":1}',
    '{"ok":false}',
    '{"ok":false,"message":5}',
    '{"ok":false,"code":"x"}',
    '{"ok":true,"name":"dev-1","pid":1', // cut short
    '{"ok":true,"name":"","pid":1}',
    '{"ok":true,"name":"dev-1","pid":0}',
    '{"ok":true,"name":"dev-1","pid":-4}',
    '{"ok":true,"name":"dev-1","pid":1.5}',
    '{"ok":null,"message":"x"}',
    '{"ok":true,"name":"dev-1","pid":1}\n{"ok":false,"message":"x"}', // two lines
  ];
  for (const line of garbage) strictEqual(parseSupervisorReport(line), undefined, line);
});

Deno.test("parseSupervisorReport() keeps an exit status only when it is one (1–255)", () => {
  for (const exitCode of [0, -1, 256, 2.5, "4"]) {
    const line = JSON.stringify({ ok: false, message: "m", exitCode });
    strictEqual((parseSupervisorReport(line) as { exitCode: number }).exitCode, 1, line);
  }
});

Deno.test("formatSupervisorReport() writes one line that parseSupervisorReport() reads back", () => {
  const reports: SupervisorReport[] = [
    { ok: true, name: "dev-1", pid: 4242 },
    { ok: false, code: SUPERVISOR_FAILED, exitCode: 70, message: "line\nbreak", hint: "h" },
    { ok: false, code: "engine.run_failed", exitCode: 4, message: "no engine" },
  ];
  for (const report of reports) {
    const line = formatSupervisorReport(report);
    strictEqual(line.indexOf("\n"), line.length - 1, line);
    deepStrictEqual(parseSupervisorReport(line.trimEnd()), report);
  }
});

Deno.test("SUPERVISOR_FAILED is the code an EngineError spells", async () => {
  const { EngineError } = await import("../errors.ts");
  strictEqual(new EngineError("supervisor_failed", "x").code, SUPERVISOR_FAILED);
});
