/**
 * The egress proxy's audit events against the requirement: every decision
 * and every forwarded request is one JSON line with time, bottle, channel,
 * method, host, port, path (query values redacted), status, bytes each way,
 * duration, decision, reason code and whether credentials were injected.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import type { AuditEvent } from "../audit/audit_event.ts";
import {
  connectRequest,
  httpRequest,
  startEgress,
  waitFor,
} from "../../tests/helpers/egress_harness.ts";
import { startEchoServer, startHttpUpstream } from "../../tests/helpers/loopback_upstreams.ts";
import { exchange } from "../../tests/helpers/raw_http_client.ts";
import { within } from "../../tests/helpers/within.ts";
import { compileEgressPolicy } from "../policy/mod.ts";
import { EgressProxy, serveEgressProxy } from "./egress_proxy.ts";

/** Every field the requirement names, and nothing else (no `notes` here). */
const FIELDS = [
  "bottle",
  "bytesDown",
  "bytesUp",
  "channel",
  "credentialInjected",
  "decision",
  "durationMs",
  "host",
  "method",
  "path",
  "port",
  "reason",
  "status",
  "time",
];

const SECRET = "SECRET-9a8b7c6d";

/** The event as one JSON line would carry it, with its field set and types checked. */
function assertFullFieldSet(event: AuditEvent, window: { from: number; to: number }): void {
  const line = JSON.stringify(event);
  ok(!line.includes("\n"), "an event must be one line");
  ok(!line.includes(SECRET), `a query value reached the audit log: ${line}`);
  const parsed = JSON.parse(line) as Record<string, unknown>;
  // A tunnel's closing line also says what ended it.
  const fields = event.reason === "egress.tunnel_close" ? [...FIELDS, "ended"].sort() : FIELDS;
  deepStrictEqual(Object.keys(parsed).sort(), fields, line);
  const time = Date.parse(event.time);
  ok(event.time === new Date(time).toISOString(), `time is not ISO 8601: ${event.time}`);
  ok(time >= window.from && time <= window.to, `time ${event.time} is outside the test`);
  for (const field of ["port", "status", "bytesUp", "bytesDown", "durationMs"] as const) {
    ok(Number.isInteger(event[field]) && event[field] >= 0, `${field}: ${event[field]}`);
  }
  strictEqual(event.bottle, "test");
  strictEqual(event.channel, "egress");
  strictEqual(event.credentialInjected, false);
}

Deno.test("egress_audit_events_carry_the_full_field_set (CONNECT tunnel, forwarded GET, denial)", async () => {
  const upstream = startHttpUpstream();
  const echo = startEchoServer();
  const h = startEgress({
    allow: [
      `svc.test:${upstream.port}`,
      `svc.test:${echo.port}`,
      `127.0.0.1:${upstream.port}`,
      `127.0.0.1:${echo.port}`,
    ],
    dns: { "svc.test": ["127.0.0.1"] },
  });
  const from = Date.now();
  try {
    const tunnel = await h.open();
    try {
      await tunnel.write(connectRequest(`svc.test:${echo.port}`));
      strictEqual((await tunnel.readResponse("CONNECT")).status, 200);
      await tunnel.write("12345");
      await tunnel.readExactly(5);
      await new Promise((resolve) => setTimeout(resolve, 50));
    } finally {
      tunnel.close();
    }
    await within(2_000, waitFor(() => h.audit.length === 2), "the tunnel's events");

    const get = await h.request(
      httpRequest(`http://svc.test:${upstream.port}/p/a?token=${SECRET}&x=1&flag`),
    );
    strictEqual(get.status, 200, get.head);
    const denied = await h.request(httpRequest(`http://other.test/q?key=${SECRET}`));
    strictEqual(denied.status, 403, denied.head);
    strictEqual(h.audit.length, 4);

    const window = { from, to: Date.now() };
    for (const event of h.audit) assertFullFieldSet(event, window);
    const [open, connect, forwarded, deny] = h.audit as [
      AuditEvent,
      AuditEvent,
      AuditEvent,
      AuditEvent,
    ];
    const fields = (e: AuditEvent) => [
      e.method,
      e.host,
      e.port,
      e.path,
      e.status,
      e.bytesUp,
      e.bytesDown,
      e.decision,
      e.reason,
    ];
    deepStrictEqual(fields(open), [
      "CONNECT",
      "svc.test",
      echo.port,
      "",
      200,
      0,
      0,
      "allow",
      "egress.tunnel_open",
    ]);
    deepStrictEqual(fields(connect), [
      "CONNECT",
      "svc.test",
      echo.port,
      "",
      200,
      5,
      5,
      "allow",
      "egress.tunnel_close",
    ]);
    strictEqual(connect.ended, "closed");
    ok(connect.durationMs >= 40, `the tunnel lasted ${connect.durationMs} ms`);
    deepStrictEqual(fields(forwarded), [
      "GET",
      "svc.test",
      upstream.port,
      "/p/a?token=*&x=*&flag",
      200,
      0,
      "hello from upstream".length,
      "allow",
      "egress.forwarded",
    ]);
    deepStrictEqual(fields(deny), [
      "GET",
      "other.test",
      80,
      "/q?key=*",
      403,
      0,
      0,
      "deny",
      "egress.not_allowed",
    ]);
  } finally {
    await h.close();
    await upstream.close();
    await echo.close();
  }
});

Deno.test("egress_audits_what_a_refused_request_asked_for (HTTP): method, target, redacted path", async () => {
  const h = startEgress({ allow: ["svc.test"] });
  try {
    const from = Date.now();
    const brew = await h.request(httpRequest(`http://svc.test:8080/pot?sugar=${SECRET}`, {
      method: "BREW",
    }));
    strictEqual(brew.status, 405, brew.head);
    const origin = await h.request(`GET /local?token=${SECRET} HTTP/1.1\r\nHost: svc.test\r\n\r\n`);
    strictEqual(origin.status, 400, origin.head);
    const window = { from, to: Date.now() };
    for (const event of h.audit) assertFullFieldSet(event, window);
    deepStrictEqual(
      h.audit.map((e) => [e.method, e.host, e.port, e.path, e.status, e.decision, e.reason]),
      [
        ["BREW", "svc.test", 8080, "/pot?sugar=*", 405, "deny", "egress.method_not_allowed"],
        ["GET", "", 0, "/local?token=*", 400, "deny", "egress.not_a_proxy_request"],
      ],
    );
    deepStrictEqual(h.lookups, []);
  } finally {
    await h.close();
  }
});

Deno.test("egress_audits_a_request_whose_resolver_or_dialer_throws (CONNECT and HTTP)", async () => {
  const audit: AuditEvent[] = [];
  const proxy = new EgressProxy(
    { bottle: "test", policy: compileEgressPolicy(["svc.test", "127.0.0.1:4000"]) },
    {
      // Edges that throw instead of rejecting: still one answer and one event each.
      resolve: () => {
        throw new Error("resolver bug");
      },
      connect: () => {
        throw new Error("dialer bug");
      },
      audit: (event) => audit.push(event),
    },
  );
  const server = serveEgressProxy({ port: 0 }, proxy);
  try {
    const asks: Array<[string, string, number, string]> = [
      [connectRequest("svc.test:443"), "CONNECT", 502, "egress.resolve_failed"],
      [httpRequest("http://svc.test/"), "GET", 502, "egress.resolve_failed"],
      [connectRequest("127.0.0.1:4000"), "CONNECT", 502, "egress.connect_failed"],
      [httpRequest("http://127.0.0.1:4000/"), "GET", 502, "egress.connect_failed"],
    ];
    for (const [raw, method, status, code] of asks) {
      const response = await exchange(server.port!, raw, method);
      strictEqual(response.status, status, response.head);
      strictEqual(response.headers.get("x-bottle-error"), code);
    }
    deepStrictEqual(
      audit.map((e) => [e.method, e.status, e.decision, e.reason]),
      asks.map(([, method, status, code]) => [method, status, "allow", code]),
    );
  } finally {
    await server.shutdown();
  }
});

Deno.test("egress_audits_a_tunnel_when_it_opens_and_again_when_it_closes, in time order", async () => {
  const echo = startEchoServer();
  const h = startEgress({
    allow: [`svc.test:${echo.port}`, `127.0.0.1:${echo.port}`],
    dns: { "svc.test": ["127.0.0.1"] },
  });
  try {
    const tunnel = await h.open();
    try {
      await tunnel.write(connectRequest(`svc.test:${echo.port}`));
      strictEqual((await tunnel.readResponse("CONNECT")).status, 200);
      // While the tunnel is open, its decision is already in the log: a supervisor
      // killed now leaves the record of an allowed tunnel behind.
      await within(2_000, waitFor(() => h.audit.length === 1), "the tunnel's opening line");
      const open = h.audit[0]!;
      deepStrictEqual(
        [open.method, open.host, open.port, open.status, open.decision, open.reason],
        ["CONNECT", "svc.test", echo.port, 200, "allow", "egress.tunnel_open"],
      );
      deepStrictEqual([open.bytesUp, open.bytesDown, open.ended], [0, 0, undefined]);
      await tunnel.write("12345");
      await tunnel.readExactly(5);
      // A request decided while the tunnel is open is written after its opening line.
      const denied = await h.request(httpRequest("http://other.test/"));
      strictEqual(denied.status, 403, denied.head);
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      tunnel.close();
    }
    await within(2_000, waitFor(() => h.audit.length === 3), "the tunnel's closing line");
    deepStrictEqual(h.audit.map((e) => e.reason), [
      "egress.tunnel_open",
      "egress.not_allowed",
      "egress.tunnel_close",
    ]);
    const [open, , close] = h.audit as [AuditEvent, AuditEvent, AuditEvent];
    deepStrictEqual(
      [close.method, close.host, close.port, close.status, close.decision],
      ["CONNECT", "svc.test", echo.port, 200, "allow"],
    );
    deepStrictEqual([close.bytesUp, close.bytesDown, close.ended], [5, 5, "closed"]);
    ok(close.durationMs >= 20 && close.durationMs >= open.durationMs, `${close.durationMs} ms`);
    // Write order is time order: each line's time is when it was written.
    const times = h.audit.map((e) => Date.parse(e.time));
    deepStrictEqual(times, [...times].sort((a, b) => a - b), JSON.stringify(h.audit));
    ok(times[2]! - times[0]! >= 20, "the closing line is stamped when the tunnel closed");
  } finally {
    await h.close();
    await echo.close();
  }
});
