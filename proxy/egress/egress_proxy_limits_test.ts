/**
 * Time and count limits of the egress proxy, with small limits over real
 * loopback sockets: slow clients, idle and long-lived tunnels, too many
 * connections, and destinations that refuse, hang or answer badly.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import {
  connectRequest,
  type EgressHarness,
  httpRequest,
  startEgress,
  waitFor,
} from "../../tests/helpers/egress_harness.ts";
import {
  closedPort,
  startEchoServer,
  startFirehoseUpstream,
  startHttpUpstream,
  startRawUpstream,
  startSilentUpstream,
} from "../../tests/helpers/loopback_upstreams.ts";
import type { RawClient } from "../../tests/helpers/raw_http_client.ts";
import { within } from "../../tests/helpers/within.ts";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Writes `text` one byte every `everyMs` until done or the connection breaks. */
async function dribble(client: RawClient, text: string, everyMs: number): Promise<number> {
  let sent = 0;
  for (const char of text) {
    try {
      await client.write(char);
    } catch {
      break;
    }
    sent++;
    await sleep(everyMs);
  }
  return sent;
}

// --- slowloris -------------------------------------------------------------

for (const road of ["CONNECT", "HTTP"] as const) {
  Deno.test(`egress_answers_408_to_a_slowloris_client_and_serves_others_meanwhile (${road})`, async () => {
    const upstream = startHttpUpstream();
    const echo = startEchoServer();
    const port = road === "CONNECT" ? echo.port : upstream.port;
    const h = startEgress({
      allow: [`svc.test:${port}`, `127.0.0.1:${port}`],
      dns: { "svc.test": ["127.0.0.1"] },
      limits: { headerTimeoutMs: 300 },
    });
    const request = road === "CONNECT"
      ? connectRequest(`svc.test:${port}`)
      : httpRequest(`http://svc.test:${port}/`);
    const slow = await h.open();
    try {
      const started = performance.now();
      // 40 ms a byte: the head would take well over a second, the limit is 300 ms.
      const dribbling = dribble(slow, request, 40);
      const answered = slow.readResponse().then((r) => ({ ...r, at: performance.now() - started }));

      await sleep(100);
      if (road === "CONNECT") {
        const fast = await h.open();
        try {
          await fast.write(request);
          strictEqual((await fast.readResponse("CONNECT")).status, 200);
          await fast.write("still served");
          strictEqual(new TextDecoder().decode(await fast.readExactly(12)), "still served");
        } finally {
          fast.close();
        }
      } else {
        const response = await h.request(request);
        strictEqual(response.status, 200, response.head);
        strictEqual(response.body, "hello from upstream");
      }

      const timedOut = await within(3_000, answered, "the slow client's 408");
      strictEqual(timedOut.status, 408, timedOut.head);
      strictEqual(timedOut.headers.get("x-bottle-error"), "http.header_timeout");
      strictEqual(timedOut.headers.get("connection"), "close");
      ok(timedOut.at >= 250, `answered after ${timedOut.at} ms, before the header timeout`);
      await within(2_000, slow.closedByPeer(), "the slow client being closed");
      const sent = await dribbling;
      ok(sent < request.length, "the slow client managed to send its whole head");
      strictEqual(h.dials.length, 1, "only the fast client was dialled");
      // The fast client's tunnel is two lines (open and close) on CONNECT; the slow client's, one.
      const lines = road === "CONNECT" ? 3 : 2;
      await within(2_000, waitFor(() => h.audit.length === lines), "the events of both clients");
      const event = h.audit.find((e) => e.reason === "http.header_timeout");
      ok(event !== undefined, JSON.stringify(h.audit));
      strictEqual(event.status, 408);
      strictEqual(event.decision, "deny");
      strictEqual(event.channel, "egress");
      ok(event.durationMs >= 250, `the event's duration ${event.durationMs} ms`);
    } finally {
      slow.close();
      await h.close();
      await upstream.close();
      await echo.close();
    }
  });
}

Deno.test("egress_answers_408_when_the_next_kept_alive_request_is_too_slow (HTTP)", async () => {
  const upstream = startHttpUpstream();
  const h = startEgress({
    allow: [`127.0.0.1:${upstream.port}`],
    limits: { headerTimeoutMs: 300 },
  });
  const client = await h.open();
  try {
    await client.write(httpRequest(`http://127.0.0.1:${upstream.port}/first`));
    strictEqual((await client.readResponse()).status, 200);
    await client.write(`GET http://127.0.0.1:${upstream.port}/second HTTP/1.1\r\n`);
    const response = await within(3_000, client.readResponse(), "the 408");
    strictEqual(response.status, 408, response.head);
    strictEqual(response.headers.get("x-bottle-error"), "http.header_timeout");
    await within(2_000, client.closedByPeer(), "the connection closing");
    deepStrictEqual(h.audit.map((e) => [e.status, e.reason]), [
      [200, "egress.forwarded"],
      [408, "http.header_timeout"],
    ]);
    strictEqual(upstream.requests.length, 1);
  } finally {
    client.close();
    await h.close();
    await upstream.close();
  }
});

Deno.test("egress_closes_an_idle_keep_alive_connection_silently (HTTP)", async () => {
  const upstream = startHttpUpstream();
  const h = startEgress({
    allow: [`127.0.0.1:${upstream.port}`],
    limits: { headerTimeoutMs: 300 },
  });
  const keptAlive = await h.open();
  const neverSpoke = await h.open();
  try {
    await keptAlive.write(httpRequest(`http://127.0.0.1:${upstream.port}/`));
    strictEqual((await keptAlive.readResponse()).status, 200);
    const started = performance.now();
    for (const client of [keptAlive, neverSpoke]) {
      // Nothing of a new request was sent: no 408, just the end of the stream.
      const rest = await within(3_000, client.readToEnd(), "the idle connection closing");
      strictEqual(new TextDecoder().decode(rest), "");
    }
    ok(performance.now() - started >= 200, "closed before the header timeout");
    deepStrictEqual(h.audit.map((e) => e.reason), ["egress.forwarded"], "no audit noise");
  } finally {
    keptAlive.close();
    neverSpoke.close();
    await h.close();
    await upstream.close();
  }
});

// --- tunnel idle timeout and lifetime --------------------------------------

Deno.test("egress_closes_an_idle_tunnel (CONNECT)", async () => {
  const echo = startEchoServer();
  const h = startEgress({
    allow: [`127.0.0.1:${echo.port}`],
    limits: { idleTimeoutMs: 300, tunnelLifetimeMs: 10_000 },
  });
  const client = await h.open();
  try {
    await client.write(connectRequest(`127.0.0.1:${echo.port}`));
    strictEqual((await client.readResponse("CONNECT")).status, 200);
    await client.write("hi");
    strictEqual(new TextDecoder().decode(await client.readExactly(2)), "hi");
    const started = performance.now();
    await within(3_000, client.closedByPeer(), "the idle tunnel being closed");
    const elapsed = performance.now() - started;
    ok(elapsed >= 250, `closed after ${elapsed} ms`);
    await within(2_000, waitFor(() => h.audit.length === 2), "the tunnel's audit events");
    deepStrictEqual([h.audit[0]!.reason, h.audit[1]!.reason, h.audit[1]!.ended], [
      "egress.tunnel_open",
      "egress.tunnel_close",
      "idle",
    ]);
    strictEqual(h.audit[1]!.bytesUp, 2);
    strictEqual(h.audit[1]!.bytesDown, 2);
  } finally {
    client.close();
    await h.close();
    await echo.close();
  }
});

Deno.test("egress_closes_a_busy_tunnel_at_its_maximum_lifetime (CONNECT)", async () => {
  const echo = startEchoServer();
  const h = startEgress({
    allow: [`127.0.0.1:${echo.port}`],
    limits: { idleTimeoutMs: 5_000, tunnelLifetimeMs: 600 },
  });
  const client = await h.open();
  try {
    await client.write(connectRequest(`127.0.0.1:${echo.port}`));
    strictEqual((await client.readResponse("CONNECT")).status, 200);
    const started = performance.now();
    let busy = true;
    const chatter = (async () => {
      while (busy) {
        try {
          await client.write("x");
        } catch {
          return;
        }
        await sleep(50);
      }
    })();
    await within(3_000, client.closedByPeer(), "the long-lived tunnel being closed");
    busy = false;
    await chatter;
    const elapsed = performance.now() - started;
    ok(elapsed >= 500, `closed after ${elapsed} ms`);
    await within(2_000, waitFor(() => h.audit.length === 2), "the tunnel's audit events");
    deepStrictEqual([h.audit[0]!.reason, h.audit[1]!.reason, h.audit[1]!.ended], [
      "egress.tunnel_open",
      "egress.tunnel_close",
      "lifetime",
    ]);
    ok(h.audit[1]!.bytesUp > 5, "the tunnel was busy");
  } finally {
    client.close();
    await h.close();
    await echo.close();
  }
});

Deno.test("egress_closes_an_idle_response_body (HTTP)", async () => {
  // The destination sends 5 of 100 promised bytes and then nothing.
  const upstream = startRawUpstream({
    reply: "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nhello",
    closeAfterReply: false,
  });
  const h = startEgress({
    allow: [`127.0.0.1:${upstream.port}`],
    limits: { idleTimeoutMs: 300 },
  });
  const client = await h.open();
  try {
    await client.write(httpRequest(`http://127.0.0.1:${upstream.port}/`));
    const started = performance.now();
    const rest = await within(3_000, client.readToEnd(), "the stalled response being cut");
    const elapsed = performance.now() - started;
    ok(elapsed >= 250, `closed after ${elapsed} ms`);
    const text = new TextDecoder().decode(rest);
    ok(text.startsWith("HTTP/1.1 200 OK\r\n"), text);
    ok(text.endsWith("\r\n\r\nhello"), text);
    await within(2_000, waitFor(() => h.audit.length === 1), "the audit event");
    strictEqual(h.audit[0]!.reason, "egress.response_cut");
  } finally {
    client.close();
    await h.close();
    await upstream.close();
  }
});

Deno.test("egress_closes_an_idle_request_body (HTTP)", async () => {
  const upstream = startHttpUpstream();
  const h = startEgress({
    allow: [`127.0.0.1:${upstream.port}`],
    limits: { idleTimeoutMs: 300 },
  });
  const client = await h.open();
  try {
    await client.write(
      httpRequest(`http://127.0.0.1:${upstream.port}/`, {
        method: "POST",
        extra: "Content-Length: 100\r\n",
      }) + "only ten b",
    );
    await within(3_000, client.closedByPeer(), "the stalled upload being closed");
    strictEqual(upstream.requests.length, 0);
  } finally {
    client.close();
    await h.close();
    await upstream.close();
  }
});

// --- peers that stop reading (slow-read) ------------------------------------

const CHUNK = new Uint8Array(64 * 1024).fill(0x2a);

/** Writes `CHUNK` until the connection breaks; resolves with the bytes written. */
async function flood(client: RawClient): Promise<number> {
  let written = 0;
  try {
    for (;;) {
      await client.write(CHUNK);
      written += CHUNK.length;
    }
  } catch {
    return written;
  }
}

Deno.test("egress_closes_a_tunnel_whose_client_stops_reading (CONNECT)", async () => {
  const upstream = startFirehoseUpstream();
  const h = startEgress({ allow: [`127.0.0.1:${upstream.port}`], limits: { idleTimeoutMs: 300 } });
  const client = await h.open();
  try {
    await client.write(connectRequest(`127.0.0.1:${upstream.port}`));
    strictEqual((await client.readResponse("CONNECT")).status, 200);
    // Never read: the proxy's writes to this client block once the socket buffers fill.
    await within(5_000, waitFor(() => h.audit.length === 2), "the stalled tunnel being closed");
    deepStrictEqual([h.audit[0]!.reason, h.audit[1]!.reason, h.audit[1]!.ended], [
      "egress.tunnel_open",
      "egress.tunnel_close",
      "idle",
    ]);
    ok(h.audit[1]!.bytesDown > 0);
  } finally {
    client.close();
    await h.close();
    await upstream.close();
  }
});

Deno.test("egress_closes_a_tunnel_whose_destination_stops_reading (CONNECT)", async () => {
  const upstream = startSilentUpstream();
  const h = startEgress({ allow: [`127.0.0.1:${upstream.port}`], limits: { idleTimeoutMs: 300 } });
  const client = await h.open();
  try {
    await client.write(connectRequest(`127.0.0.1:${upstream.port}`));
    strictEqual((await client.readResponse("CONNECT")).status, 200);
    const written = await within(5_000, flood(client), "the stalled tunnel being closed");
    ok(written > 0);
    await within(2_000, waitFor(() => h.audit.length === 2), "the tunnel's audit events");
    deepStrictEqual([h.audit[0]!.reason, h.audit[1]!.reason, h.audit[1]!.ended], [
      "egress.tunnel_open",
      "egress.tunnel_close",
      "idle",
    ]);
  } finally {
    client.close();
    await h.close();
    await upstream.close();
  }
});

Deno.test("egress_closes_a_client_that_stops_reading_the_response (HTTP)", async () => {
  const upstream = startHttpUpstream(() =>
    new Response(new ReadableStream({ pull: (c) => c.enqueue(CHUNK) }))
  );
  const h = startEgress({ allow: [`127.0.0.1:${upstream.port}`], limits: { idleTimeoutMs: 300 } });
  const client = await h.open();
  try {
    await client.write(httpRequest(`http://127.0.0.1:${upstream.port}/`));
    // Never read: the proxy's writes to this client block once the socket buffers fill.
    await within(5_000, waitFor(() => h.audit.length === 1), "the stalled response being dropped");
    strictEqual(h.audit[0]!.status, 200);
    strictEqual(h.audit[0]!.reason, "egress.response_cut");
    ok(h.audit[0]!.bytesDown > 0);
    await within(5_000, waitFor(() => h.proxy.active === 0), "the connection ending");
  } finally {
    client.close();
    await h.close();
    await upstream.close();
  }
});

Deno.test("egress_closes_when_the_destination_stops_reading_the_body (HTTP)", async () => {
  const upstream = startSilentUpstream();
  const h = startEgress({ allow: [`127.0.0.1:${upstream.port}`], limits: { idleTimeoutMs: 300 } });
  const client = await h.open();
  try {
    await client.write(
      httpRequest(`http://127.0.0.1:${upstream.port}/`, {
        method: "PUT",
        extra: `Content-Length: ${1024 * 1024 * 1024}\r\n`,
      }),
    );
    const written = await within(5_000, flood(client), "the stalled upload being closed");
    ok(written > 0);
    await within(2_000, waitFor(() => h.audit.length === 1), "the request's audit event");
    strictEqual(h.audit[0]!.decision, "allow");
    ok(h.audit[0]!.bytesUp > 0);
  } finally {
    client.close();
    await h.close();
    await upstream.close();
  }
});

// --- connection cap --------------------------------------------------------

Deno.test("egress_answers_503_beyond_max_connections (CONNECT and HTTP)", async () => {
  const echo = startEchoServer();
  const upstream = startHttpUpstream();
  const h = startEgress({
    allow: [`127.0.0.1:${echo.port}`, `127.0.0.1:${upstream.port}`],
    limits: { maxConnections: 2 },
  });
  const tunnels: RawClient[] = [];
  try {
    for (let i = 0; i < 2; i++) {
      const tunnel = await h.open();
      tunnels.push(tunnel);
      await tunnel.write(connectRequest(`127.0.0.1:${echo.port}`));
      strictEqual((await tunnel.readResponse("CONNECT")).status, 200);
    }
    strictEqual(h.proxy.active, 2);
    const third = await h.request(connectRequest(`127.0.0.1:${echo.port}`), "CONNECT");
    strictEqual(third.status, 503, third.head);
    strictEqual(third.headers.get("x-bottle-error"), "egress.too_many_connections");
    const fourth = await h.request(httpRequest(`http://127.0.0.1:${upstream.port}/`));
    strictEqual(fourth.status, 503, fourth.head);
    strictEqual(upstream.requests.length, 0);
    strictEqual(h.dials.length, 2);

    // The tunnels still work, and once one closes a new connection is served.
    await tunnels[0]!.write("ok");
    strictEqual(new TextDecoder().decode(await tunnels[0]!.readExactly(2)), "ok");
    tunnels[1]!.close();
    await within(2_000, waitFor(() => h.proxy.active === 1), "a slot being freed");
    const after = await h.request(httpRequest(`http://127.0.0.1:${upstream.port}/`));
    strictEqual(after.status, 200, after.head);
    const refusals = h.audit.filter((e) => e.reason === "egress.too_many_connections");
    strictEqual(refusals.length, 2);
    ok(refusals.every((e) => e.status === 503 && e.decision === "deny"));
  } finally {
    for (const t of tunnels) t.close();
    await h.close();
    await echo.close();
    await upstream.close();
  }
});

// --- upstream failures -----------------------------------------------------

for (const road of ["CONNECT", "HTTP"] as const) {
  const ask = (h: EgressHarness, port: number) =>
    road === "CONNECT"
      ? h.request(connectRequest(`svc.test:${port}`), "CONNECT")
      : h.request(httpRequest(`http://svc.test:${port}/`));

  Deno.test(`egress_answers_502_when_the_destination_refuses (${road})`, async () => {
    const port = closedPort();
    const h = startEgress({
      allow: [`svc.test:${port}`, `127.0.0.1:${port}`],
      dns: { "svc.test": ["127.0.0.1"] },
    });
    try {
      const response = await ask(h, port);
      strictEqual(response.status, 502, response.head);
      strictEqual(response.headers.get("x-bottle-error"), "egress.connect_failed");
      deepStrictEqual(h.dials, [{ address: "127.0.0.1", port }]);
      strictEqual(h.audit.length, 1);
      strictEqual(h.audit[0]!.decision, "allow");
      strictEqual(h.audit[0]!.reason, "egress.connect_failed");
    } finally {
      await h.close();
    }
  });

  Deno.test(`egress_answers_504_when_connecting_hangs (${road})`, async () => {
    const h = startEgress({
      allow: ["svc.test:4000", "127.0.0.1:4000"],
      dns: { "svc.test": ["127.0.0.1"] },
      limits: { connectTimeoutMs: 300 },
      dial: () => new Promise<Deno.Conn>(() => {}),
    });
    try {
      const response = await ask(h, 4000);
      strictEqual(response.status, 504, response.head);
      strictEqual(response.headers.get("x-bottle-error"), "egress.connect_timeout");
    } finally {
      await h.close();
    }
  });

  Deno.test(`egress_answers_504_when_resolving_hangs (${road})`, async () => {
    const h = startEgress({
      allow: ["svc.test:4000"],
      dns: () => new Promise<string[]>(() => {}),
      limits: { resolveTimeoutMs: 300 },
    });
    try {
      const response = await ask(h, 4000);
      strictEqual(response.status, 504, response.head);
      strictEqual(response.headers.get("x-bottle-error"), "egress.resolve_timeout");
      deepStrictEqual(h.dials, []);
    } finally {
      await h.close();
    }
  });

  Deno.test(`egress_answers_502_when_the_name_does_not_resolve (${road})`, async () => {
    const h = startEgress({ allow: ["svc.test:4000"], dns: {} });
    try {
      const response = await ask(h, 4000);
      strictEqual(response.status, 502, response.head);
      strictEqual(response.headers.get("x-bottle-error"), "egress.resolve_failed");
      deepStrictEqual(h.lookups, ["svc.test"]);
      deepStrictEqual(h.dials, []);
    } finally {
      await h.close();
    }
  });
}

Deno.test("egress_answers_504_when_the_destination_never_answers (HTTP)", async () => {
  const upstream = startRawUpstream();
  const h = startEgress({
    allow: [`127.0.0.1:${upstream.port}`],
    limits: { responseTimeoutMs: 300 },
  });
  try {
    const started = performance.now();
    const response = await h.request(httpRequest(`http://127.0.0.1:${upstream.port}/`));
    strictEqual(response.status, 504, response.head);
    strictEqual(response.headers.get("x-bottle-error"), "egress.response_timeout");
    ok(performance.now() - started >= 250);
    strictEqual(upstream.received.length, 1, "the request reached the destination");
  } finally {
    await h.close();
    await upstream.close();
  }
});

const BAD_RESPONSES: ReadonlyArray<readonly [string, string, number, string]> = [
  ["closes_without_answering", "", 502, "egress.no_response"],
  ["answers_garbage", "SSH-2.0-OpenSSH_9.6\r\n\r\n", 502, "egress.bad_response"],
  [
    "answers_with_two_lengths",
    "HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab",
    502,
    "egress.bad_response",
  ],
  [
    "switches_protocols",
    "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n\r\n",
    502,
    "egress.upgrade_refused",
  ],
];

for (const [name, reply, status, code] of BAD_RESPONSES) {
  Deno.test(`egress_answers_${status}_when_the_destination_${name} (HTTP)`, async () => {
    const upstream = startRawUpstream({ reply });
    const h = startEgress({ allow: [`127.0.0.1:${upstream.port}`] });
    try {
      const response = await h.request(httpRequest(`http://127.0.0.1:${upstream.port}/`));
      strictEqual(response.status, status, response.head);
      strictEqual(response.headers.get("x-bottle-error"), code);
      strictEqual(h.audit.length, 1);
      strictEqual(h.audit[0]!.reason, code);
    } finally {
      await h.close();
      await upstream.close();
    }
  });
}
