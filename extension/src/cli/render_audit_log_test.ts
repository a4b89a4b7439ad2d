import { deepStrictEqual, ok } from "node:assert/strict";
import { describe, it } from "mocha";
import { parseAuditLog } from "./parse_audit_log.ts";
import { formatBytes, renderAuditLog } from "./render_audit_log.ts";

/** Two lines exactly as a bottle's audit.jsonl holds them. */
const API_LINE =
  '{"time":"2026-11-21T23:07:32.997Z","bottle":"dev-f111","channel":"api","method":"POST","host":"127.0.0.1","port":42467,"path":"/v1/messages?beta=*","bytesUp":49115,"bytesDown":748,"durationMs":27,"credentialInjected":true,"status":200,"decision":"allow","reason":"api.forwarded","notes":[]}';
const DENY_LINE =
  '{"time":"2026-11-21T23:14:41.221Z","bottle":"tm3","channel":"egress","method":"CONNECT","host":"github.com","port":443,"path":"","bytesUp":0,"bytesDown":0,"durationMs":0,"credentialInjected":false,"status":403,"decision":"deny","reason":"egress.not_allowed"}';

describe("renderAuditLog()", () => {
  const page = renderAuditLog(
    "dev-f111",
    parseAuditLog(`${API_LINE}\n${DENY_LINE}\n${DENY_LINE}`),
  );

  it("sums up allowed and denied events", () => {
    ok(
      page.startsWith(
        "Audit log of bottle dev-f111: 3 events, 1 allowed, 2 denied\n",
      ),
      page,
    );
  });

  it("lists a refused destination once with its count", () => {
    ok(
      page.includes("Refused:\n  github.com:443  egress.not_allowed  (×2)\n"),
      page,
    );
  });

  it("shows each event as an aligned row: destination and reason first, then sizes", () => {
    const row = page.split("\n").find((line) => line.startsWith("2026-11-21 23:07:32"));
    ok(row !== undefined, page);
    ok(
      /api\s+allow\s+200\s+POST\s+\/v1\/messages\?beta=\*\s+api\.forwarded \(credential injected\)\s+48\.0 KB\s+748 B\s+27$/
        .test(row),
      row,
    );
  });

  it("says so when there are no events", () => {
    ok(renderAuditLog("x", []).includes("No events yet"));
  });
});

describe("formatBytes()", () => {
  it("uses B, KB and MB", () => {
    deepStrictEqual([
      formatBytes(0),
      formatBytes(2048),
      formatBytes(3 * 1024 * 1024),
    ], [
      "0 B",
      "2.0 KB",
      "3.0 MB",
    ]);
  });
});
