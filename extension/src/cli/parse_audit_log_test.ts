import { deepStrictEqual, equal } from "node:assert/strict";
import { describe, it } from "mocha";
import { parseAuditLog } from "./parse_audit_log.ts";

/** Two lines exactly as a bottle's audit.jsonl holds them. */
const API_LINE =
  '{"time":"2026-11-21T23:07:32.997Z","bottle":"dev-f111","channel":"api","method":"POST","host":"127.0.0.1","port":42467,"path":"/v1/messages?beta=*","bytesUp":49115,"bytesDown":748,"durationMs":27,"credentialInjected":true,"status":200,"decision":"allow","reason":"api.forwarded","notes":[]}';
const DENY_LINE =
  '{"time":"2026-11-21T23:14:41.221Z","bottle":"tm3","channel":"egress","method":"CONNECT","host":"github.com","port":443,"path":"","bytesUp":0,"bytesDown":0,"durationMs":0,"credentialInjected":false,"status":403,"decision":"deny","reason":"egress.not_allowed"}';

describe("parseAuditLog()", () => {
  it("reads every event line", () => {
    const events = parseAuditLog(`${API_LINE}\n${DENY_LINE}\n`);
    equal(events.length, 2);
    deepStrictEqual(events[1], {
      time: "2026-11-21T23:14:41.221Z",
      channel: "egress",
      method: "CONNECT",
      host: "github.com",
      port: 443,
      path: "",
      status: 403,
      decision: "deny",
      reason: "egress.not_allowed",
      bytesUp: 0,
      bytesDown: 0,
      durationMs: 0,
      credentialInjected: false,
    });
  });

  it("skips a half-written last line and lines that are not events", () => {
    const events = parseAuditLog(
      `${API_LINE}\n{"ok":true}\n[1]\n${DENY_LINE.slice(0, 40)}`,
    );
    equal(events.length, 1);
  });
});
