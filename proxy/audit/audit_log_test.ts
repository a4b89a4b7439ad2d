import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { type AuditEvent, redactQuery } from "./audit_event.ts";
import { openAuditLog } from "./audit_log.ts";

const EVENT: AuditEvent = {
  time: "2026-01-01T00:00:00.000Z",
  bottle: "dev",
  channel: "egress",
  method: "GET",
  host: "example.com",
  port: 80,
  path: redactQuery("/a?token=SECRET-VALUE&x"),
  status: 200,
  bytesUp: 1,
  bytesDown: 2,
  durationMs: 3,
  decision: "allow",
  reason: "egress.forwarded",
  credentialInjected: false,
};

Deno.test("openAuditLog() appends one JSON line per event to a 0600 file", async () => {
  const dir = await Deno.makeTempDir();
  try {
    const path = `${dir}/audit.jsonl`;
    const log = openAuditLog(path);
    log.write(EVENT);
    log.write({ ...EVENT, decision: "deny", reason: "egress.not_allowed", status: 403 });
    log.close();
    log.write(EVENT); // after close: ignored, never throws
    strictEqual((await Deno.stat(path)).mode! & 0o777, 0o600);
    const lines = (await Deno.readTextFile(path)).trimEnd().split("\n").map((l) => JSON.parse(l));
    deepStrictEqual(lines.map((l) => l.reason), ["egress.forwarded", "egress.not_allowed"]);
    const again = openAuditLog(path);
    again.write(EVENT);
    again.close();
    strictEqual(
      (await Deno.readTextFile(path)).trimEnd().split("\n").length,
      3,
      "appends, never truncates",
    );
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});

Deno.test("redactQuery() keeps names and hides every value", () => {
  strictEqual(EVENT.path, "/a?token=*&x");
  strictEqual(redactQuery("/v1/messages?beta=true"), "/v1/messages?beta=*");
  strictEqual(redactQuery("/plain"), "/plain");
  ok(!JSON.stringify(EVENT).includes("SECRET-VALUE"));
});
