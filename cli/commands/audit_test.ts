import { strictEqual } from "node:assert/strict";
import { formatAuditLine } from "./audit.ts";

const EGRESS_ALLOW = JSON.stringify({
  time: "2025-03-01T10:00:00.123Z",
  bottle: "dev-1",
  channel: "egress",
  method: "CONNECT",
  host: "api.github.com",
  port: 443,
  path: "",
  status: 200,
  bytesUp: 512,
  bytesDown: 4096,
  durationMs: 130,
  decision: "allow",
  reason: "egress.tunnel_closed",
  credentialInjected: false,
});

Deno.test("formatAuditLine() shows an egress tunnel as time, channel, decision, status, method, host:port, reason", () => {
  strictEqual(
    formatAuditLine(EGRESS_ALLOW),
    "2025-03-01 10:00:00Z  egress  allow  200  CONNECT  api.github.com:443  egress.tunnel_closed",
  );
});

Deno.test("formatAuditLine() shows a plain HTTP egress request with its path", () => {
  const line = JSON.stringify({
    time: "2025-03-01T10:00:01Z",
    channel: "egress",
    method: "GET",
    host: "example.com",
    port: 80,
    path: "/index.html?q=*",
    status: 403,
    decision: "deny",
    reason: "egress.not_allowed",
  });
  strictEqual(
    formatAuditLine(line),
    "2025-03-01 10:00:01Z  egress  deny   403  GET      example.com:80/index.html?q=*  egress.not_allowed",
  );
});

Deno.test("formatAuditLine() shows an API request by its path alone", () => {
  const line = JSON.stringify({
    time: "2025-03-01T10:00:02.5Z",
    channel: "api",
    method: "POST",
    host: "api.anthropic.com",
    port: 443,
    path: "/v1/messages?beta=*",
    status: 200,
    decision: "allow",
    reason: "api.ok",
    credentialInjected: true,
  });
  strictEqual(
    formatAuditLine(line),
    "2025-03-01 10:00:02Z  api     allow  200  POST     /v1/messages?beta=*  api.ok",
  );
});

Deno.test("formatAuditLine() shows ? for a missing host or port", () => {
  strictEqual(
    formatAuditLine('{"channel":"egress","decision":"deny"}'),
    // time, channel, decision, status, method, target, reason — each padded to its width.
    ["", "egress", "deny ", "   ", "       ", "?:?", ""].join("  "),
  );
});

Deno.test("formatAuditLine() shows a line that is not an event as it is, and never throws", () => {
  for (const line of ["not json", "{", "null", "5", "[]", '"text"', "true"]) {
    strictEqual(formatAuditLine(line), line, line);
  }
});

Deno.test("formatAuditLine() shows a hook decision as time, channel, decision, tool, summary, rule", () => {
  strictEqual(
    formatAuditLine(JSON.stringify({
      time: "2026-11-22T00:42:57.887Z",
      bottle: "b",
      channel: "hook",
      tool: "Bash",
      summary: "cat .env",
      decision: "deny",
      reason: "path.denied",
      durationMs: 41,
    })),
    "2026-11-22 00:42:57Z  hook    deny        Bash     cat .env  path.denied",
  );
});

Deno.test("formatAuditLine() shows a tunnel's opening line as it is, and its closing line with what ended it, bytes and duration", () => {
  const open = { ...JSON.parse(EGRESS_ALLOW), bytesUp: 0, bytesDown: 0, durationMs: 3 };
  strictEqual(
    formatAuditLine(JSON.stringify({ ...open, reason: "egress.tunnel_open" })),
    "2025-03-01 10:00:00Z  egress  allow  200  CONNECT  api.github.com:443  egress.tunnel_open",
  );
  strictEqual(
    formatAuditLine(JSON.stringify({
      ...JSON.parse(EGRESS_ALLOW),
      time: "2025-03-01T10:00:07.5Z",
      reason: "egress.tunnel_close",
      ended: "idle",
    })),
    "2025-03-01 10:00:07Z  egress  allow  200  CONNECT  api.github.com:443  " +
      "egress.tunnel_close (idle; 512 B up, 4096 B down; 130 ms)",
  );
});
