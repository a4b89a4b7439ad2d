import { ok, strictEqual } from "node:assert/strict";
import type { AuditEvent } from "./audit_event.ts";
import { auditWriter } from "./audit_writer.ts";

const SUBJECT = { method: "CONNECT", host: "a.test", port: 443, path: "" };
const OUTCOME = { status: 200, decision: "allow", reason: "egress.tunnel_open" } as const;

Deno.test("auditWriter() stamps each line with the time it is written", async () => {
  const lines: AuditEvent[] = [];
  const write = auditWriter((event) => lines.push(event), "dev", "egress");
  const before = Date.now();
  write(performance.now(), SUBJECT, OUTCOME);
  await new Promise((resolve) => setTimeout(resolve, 5));
  write(performance.now(), SUBJECT, OUTCOME);
  const after = Date.now();
  const [first, second] = lines.map((line) => Date.parse(line.time));
  ok(first! >= before && first! <= after, lines[0]!.time);
  ok(second! > first!, "a later line has a later time");
  ok(second! <= after);
  strictEqual(lines[1]!.time, new Date(second!).toISOString());
});

Deno.test("auditWriter() writes the time as Date#toISOString() would, milliseconds included", () => {
  const lines: AuditEvent[] = [];
  const write = auditWriter((event) => lines.push(event), "dev", "egress");
  for (let i = 0; i < 200; i++) write(performance.now(), SUBJECT, OUTCOME);
  for (const { time } of lines) {
    strictEqual(new Date(Date.parse(time)).toISOString(), time);
    ok(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/.test(time), time);
  }
});
