import { deepStrictEqual, strictEqual } from "node:assert/strict";
import { parseReport } from "./spawn_supervisor.ts";

Deno.test("parseReport() reads a ready report", () => {
  deepStrictEqual(parseReport('{"ok":true,"name":"dev-1","pid":4242}'), {
    ok: true,
    name: "dev-1",
    pid: 4242,
  });
});

Deno.test("parseReport() keeps only the known fields of a ready report", () => {
  deepStrictEqual(parseReport('{"ok":true,"name":"dev-1","pid":7,"token":"x"}'), {
    ok: true,
    name: "dev-1",
    pid: 7,
  });
});

Deno.test("parseReport() reads a failure with code, exit status and hint", () => {
  deepStrictEqual(
    parseReport(
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

Deno.test("parseReport() fills a bare failure with supervisor_failed, exit 1 and no hint", () => {
  const report = parseReport('{"ok":false,"message":"it broke","hint":42,"code":7}');
  deepStrictEqual(report, {
    ok: false,
    code: "supervisor_failed",
    exitCode: 1,
    message: "it broke",
  });
  strictEqual(report !== undefined && "hint" in report, false);
});

Deno.test("parseReport() refuses lines that are not a report", () => {
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
  ];
  for (const line of garbage) strictEqual(parseReport(line), undefined, line);
});
