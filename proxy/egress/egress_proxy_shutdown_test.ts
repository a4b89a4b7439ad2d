/**
 * Shutting the egress proxy down over raw loopback sockets: `shutdown()`
 * stops accepting, closes the client's and the destination's side of every
 * tunnel and forwarded request, gives up on lookups and dials in flight, and
 * resolves only once every connection's handler has finished (its audit
 * event written). Deno's op and resource sanitizers check nothing outlives it.
 */
import { deepStrictEqual, ok, rejects, strictEqual } from "node:assert/strict";
import type { AuditEvent } from "../audit/audit_event.ts";
import type { RunningServer } from "../conn/listen.ts";
import { compileEgressPolicy } from "../policy/mod.ts";
import {
  connectRequest,
  httpRequest,
  LOOPBACK,
  TEST_LIMITS,
  waitFor,
} from "../../tests/helpers/egress_harness.ts";
import { startRawUpstream } from "../../tests/helpers/loopback_upstreams.ts";
import { RawClient } from "../../tests/helpers/raw_http_client.ts";
import { startRecordingUpstream } from "../../tests/helpers/recording_upstream.ts";
import { within } from "../../tests/helpers/within.ts";
import { type EgressLimits, EgressProxy, serveEgressProxy } from "./egress_proxy.ts";
import { connectTcp } from "./resolve_host.ts";

/** A proxy on 127.0.0.1:0 whose `shutdown` the test calls itself. */
interface Served {
  readonly proxy: EgressProxy;
  readonly server: RunningServer;
  readonly audit: AuditEvent[];
  readonly lookups: string[];
  readonly dials: string[];
  readonly open: () => Promise<RawClient>;
}

function serve(options: {
  readonly allow: readonly string[];
  readonly resolve?: (host: string) => Promise<string[]>;
  readonly dial?: (signal: AbortSignal | undefined) => Promise<Deno.Conn>;
  readonly limits?: Partial<EgressLimits>;
}): Served {
  const audit: AuditEvent[] = [];
  const lookups: string[] = [];
  const dials: string[] = [];
  const proxy = new EgressProxy(
    {
      bottle: "test",
      policy: compileEgressPolicy(options.allow),
      limits: { ...TEST_LIMITS, ...options.limits },
    },
    {
      resolve: (host) => {
        lookups.push(host);
        return options.resolve?.(host) ?? Promise.resolve(["127.0.0.1"]);
      },
      connect: async (address, port, signal) => {
        dials.push(`${address}:${port}`);
        // Only loopback, ever: a test that would dial out fails instead.
        if (!LOOPBACK.has(address)) throw new Error(`refused to dial ${address}: not loopback`);
        return await (options.dial?.(signal) ?? connectTcp(address, port, signal));
      },
      audit: (event) => audit.push(event),
    },
  );
  const server = serveEgressProxy({ port: 0 }, proxy);
  return { proxy, server, audit, lookups, dials, open: () => RawClient.open(server.port!) };
}

/** Shuts `server` down and returns how long it took, in milliseconds. */
async function timedShutdown(server: RunningServer): Promise<number> {
  const started = performance.now();
  await within(3_000, server.shutdown(), "shutdown resolving");
  return performance.now() - started;
}

Deno.test("egress_shutdown_closes_inflight_tunnels_and_waits (CONNECT)", async () => {
  const echo = startRecordingUpstream({ echo: true });
  const s = serve({ allow: [`127.0.0.1:${echo.port}`] });
  const clients = [await s.open(), await s.open()];
  try {
    for (const client of clients) {
      await client.write(connectRequest(`127.0.0.1:${echo.port}`));
      strictEqual((await client.readResponse("CONNECT")).status, 200);
      await client.write("ping");
      strictEqual(new TextDecoder().decode(await client.readExactly(4)), "ping");
    }
    await timedShutdown(s.server);
    // Resolved only after every handler finished: nothing left to wait for.
    strictEqual(s.proxy.active, 0);
    deepStrictEqual(
      s.audit.map((
        e,
      ) => [e.method, e.status, e.decision, e.reason, e.ended, e.bytesUp, e.bytesDown]),
      [
        ["CONNECT", 200, "allow", "egress.tunnel_open", undefined, 0, 0],
        ["CONNECT", 200, "allow", "egress.tunnel_open", undefined, 0, 0],
        ["CONNECT", 200, "allow", "egress.tunnel_close", "shutdown", 4, 4],
        ["CONNECT", 200, "allow", "egress.tunnel_close", "shutdown", 4, 4],
      ],
    );
    for (const client of clients) {
      await within(2_000, client.closedByPeer(), "the client side of the tunnel closing");
    }
    strictEqual(echo.conns.length, 2);
    for (const conn of echo.conns) {
      await within(2_000, conn.ended, "the destination side of the tunnel closing");
    }
  } finally {
    for (const client of clients) client.close();
    await echo.close();
  }
});

Deno.test("egress_shutdown_closes_inflight_forwarded_requests_and_waits (HTTP)", async () => {
  // The destination takes the request and never answers.
  const upstream = startRecordingUpstream();
  const s = serve({
    allow: [`127.0.0.1:${upstream.port}`],
    limits: { responseTimeoutMs: 30_000 },
  });
  const client = await s.open();
  try {
    await client.write(httpRequest(`http://127.0.0.1:${upstream.port}/slow`));
    await within(
      2_000,
      waitFor(() => upstream.conns[0]?.received().includes("\r\n\r\n") === true),
      "the request reaching the destination",
    );
    const took = await timedShutdown(s.server);
    ok(took < 1_000, `shutdown waited ${Math.round(took)} ms for the response timeout`);
    strictEqual(s.proxy.active, 0);
    strictEqual(s.audit.length, 1);
    const event = s.audit[0]!;
    deepStrictEqual(
      [event.method, event.path, event.status, event.decision, event.reason],
      ["GET", "/slow", 503, "allow", "egress.shutdown"],
    );
    strictEqual((await within(2_000, client.readToEnd(), "the client closing")).length, 0);
    await within(2_000, upstream.conns[0]!.ended, "the destination connection closing");
  } finally {
    client.close();
    await upstream.close();
  }
});

Deno.test("egress_shutdown_cuts_a_response_in_flight (HTTP)", async () => {
  // Ten of a million promised bytes, then nothing: the proxy is mid-body.
  const upstream = startRawUpstream({
    reply: "HTTP/1.1 200 OK\r\nContent-Length: 1000000\r\n\r\n0123456789",
    closeAfterReply: false,
  });
  const s = serve({ allow: [`127.0.0.1:${upstream.port}`], limits: { idleTimeoutMs: 30_000 } });
  const client = await s.open();
  try {
    await client.write(httpRequest(`http://127.0.0.1:${upstream.port}/big`));
    const head = await client.readExactly("HTTP/1.1 200 OK\r\n".length);
    strictEqual(new TextDecoder().decode(head), "HTTP/1.1 200 OK\r\n");
    const took = await timedShutdown(s.server);
    ok(took < 1_000, `shutdown waited ${Math.round(took)} ms for the idle timeout`);
    strictEqual(s.proxy.active, 0);
    deepStrictEqual(
      s.audit.map((e) => [e.status, e.decision, e.reason]),
      [[200, "allow", "egress.shutdown"]],
    );
    const rest = new TextDecoder().decode(await within(2_000, client.readToEnd(), "the close"));
    ok(rest.endsWith("\r\n\r\n0123456789"), rest);
  } finally {
    client.close();
    await upstream.close();
  }
});

for (const road of ["CONNECT", "HTTP"] as const) {
  const request = (authority: string) =>
    road === "CONNECT" ? connectRequest(authority) : httpRequest(`http://${authority}/`);

  Deno.test(`egress_shutdown_abandons_a_pending_lookup_and_dials_nothing (${road})`, async () => {
    const s = serve({
      allow: ["svc.test:4000"],
      resolve: () => new Promise<string[]>(() => {}),
      limits: { resolveTimeoutMs: 30_000 },
    });
    const client = await s.open();
    try {
      await client.write(request("svc.test:4000"));
      await within(2_000, waitFor(() => s.lookups.length === 1), "the lookup starting");
      const took = await timedShutdown(s.server);
      ok(took < 1_000, `shutdown waited ${Math.round(took)} ms for the lookup`);
      deepStrictEqual(s.dials, []);
      deepStrictEqual(
        s.audit.map((e) => [e.method, e.host, e.status, e.decision, e.reason]),
        [[road === "CONNECT" ? "CONNECT" : "GET", "svc.test", 503, "deny", "egress.shutdown"]],
      );
      strictEqual((await within(2_000, client.readToEnd(), "the client closing")).length, 0);
    } finally {
      client.close();
    }
  });

  Deno.test(`egress_shutdown_aborts_a_pending_dial (${road})`, async () => {
    let dialSignal: AbortSignal | undefined;
    const s = serve({
      allow: ["127.0.0.1:4000"],
      // A dial that only ends when its signal aborts, as Deno.connect does.
      dial: (signal) => {
        dialSignal = signal;
        return new Promise<Deno.Conn>((_, reject) =>
          signal?.addEventListener("abort", () => reject(new Error("aborted")))
        );
      },
      limits: { connectTimeoutMs: 30_000 },
    });
    const client = await s.open();
    try {
      await client.write(request("127.0.0.1:4000"));
      await within(2_000, waitFor(() => s.dials.length === 1), "the dial starting");
      const took = await timedShutdown(s.server);
      ok(took < 1_000, `shutdown waited ${Math.round(took)} ms for the dial`);
      strictEqual(dialSignal?.aborted, true, "the dial was not told to give up");
      deepStrictEqual(
        s.audit.map((e) => [e.status, e.decision, e.reason]),
        [[503, "deny", "egress.shutdown"]],
      );
    } finally {
      client.close();
    }
  });
}

Deno.test("egress_shutdown_closes_idle_and_half_sent_connections_without_audit_noise", async () => {
  const upstream = startRecordingUpstream();
  const s = serve({ allow: [`127.0.0.1:${upstream.port}`] });
  const idle = await s.open();
  const halfSent = await s.open();
  try {
    await halfSent.write(`GET http://127.0.0.1:${upstream.port}/ HTTP/1.1\r\nHo`);
    await within(2_000, waitFor(() => s.proxy.active === 2), "both connections being served");
    await timedShutdown(s.server);
    strictEqual(s.proxy.active, 0);
    deepStrictEqual(s.audit, []);
    deepStrictEqual(s.dials, []);
    for (const client of [idle, halfSent]) {
      strictEqual((await within(2_000, client.readToEnd(), "the close")).length, 0);
    }
  } finally {
    idle.close();
    halfSent.close();
    await upstream.close();
  }
});

Deno.test("egress_shutdown_stops_accepting", async () => {
  const s = serve({ allow: [] });
  const port = s.server.port!;
  await timedShutdown(s.server);
  await rejects(Deno.connect({ hostname: "127.0.0.1", port }));
  // A second shutdown is harmless.
  await timedShutdown(s.server);
});
