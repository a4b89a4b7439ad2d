/**
 * The egress proxy against peers that vanish or misbehave and input that
 * must never crash it: early answers, clients and destinations that go away,
 * garbage bytes, running out of file descriptors; plus the unix socket and
 * shutdown.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { join } from "node:path";
import {
  connectRequest,
  httpRequest,
  startEgress,
  waitFor,
} from "../../tests/helpers/egress_harness.ts";
import {
  startEchoServer,
  startHttpUpstream,
  startRawUpstream,
} from "../../tests/helpers/loopback_upstreams.ts";
import { RawClient } from "../../tests/helpers/raw_http_client.ts";
import { within } from "../../tests/helpers/within.ts";

const text = (bytes: Uint8Array) => new TextDecoder().decode(bytes);

// --- peers that go away ------------------------------------------------------

Deno.test("egress_passes_on_an_early_answer_when_the_destination_stops_reading (HTTP)", async () => {
  // The destination refuses the upload after the head and closes without reading the body.
  const upstream = startRawUpstream({
    reply:
      "HTTP/1.1 413 Content Too Large\r\nContent-Length: 8\r\nConnection: close\r\n\r\ntoo big!",
  });
  const h = startEgress({ allow: [`127.0.0.1:${upstream.port}`] });
  const client = await h.open();
  try {
    const size = 8 * 1024 * 1024;
    await client.write(
      httpRequest(`http://127.0.0.1:${upstream.port}/`, {
        method: "POST",
        extra: `Content-Length: ${size}\r\n`,
      }),
    );
    const uploading = client.write(new Uint8Array(size).fill(0x61)).catch(() => {});
    const response = await within(3_000, client.readResponse(), "the early answer");
    await uploading;
    strictEqual(response.status, 413, response.head);
    strictEqual(response.body, "too big!");
    strictEqual(response.headers.get("connection"), "close");
    await within(2_000, waitFor(() => h.audit.length === 1), "the audit event");
    strictEqual(h.audit[0]!.status, 413);
    strictEqual(h.audit[0]!.decision, "allow");
  } finally {
    client.close();
    await h.close();
    await upstream.close();
  }
});

Deno.test("egress_audits_a_response_the_client_left_in_the_middle_of (HTTP)", async () => {
  const chunk = new Uint8Array(64 * 1024).fill(0x62);
  const upstream = startHttpUpstream(() =>
    new Response(
      new ReadableStream({
        pull: async (c) => {
          await new Promise((resolve) => setTimeout(resolve, 2));
          c.enqueue(chunk);
        },
      }),
    )
  );
  const h = startEgress({ allow: [`127.0.0.1:${upstream.port}`] });
  const client = await h.open();
  try {
    await client.write(httpRequest(`http://127.0.0.1:${upstream.port}/stream`));
    await client.readExactly(1000);
    client.close();
    await within(3_000, waitFor(() => h.audit.length === 1), "the audit event");
    strictEqual(h.audit[0]!.status, 200);
    strictEqual(h.audit[0]!.reason, "egress.response_cut");
    ok(h.audit[0]!.bytesDown >= 1000 - 200);
  } finally {
    client.close();
    await h.close();
    await upstream.close();
  }
});

/** A destination connection whose every write fails, as if it reset at once. */
function brokenConn(): Deno.Conn & { closed: boolean } {
  const conn = {
    closed: false,
    read: () => Promise.resolve(null),
    write: () => Promise.reject(new Deno.errors.ConnectionReset("reset by the test")),
    closeWrite: () => Promise.resolve(),
    close: () => {
      conn.closed = true;
    },
  };
  return conn as unknown as Deno.Conn & { closed: boolean };
}

Deno.test("egress_closes_and_audits_a_tunnel_whose_destination_fails_at_once (CONNECT)", async () => {
  const broken = brokenConn();
  const h = startEgress({ allow: ["127.0.0.1:4000"], dial: () => Promise.resolve(broken) });
  const client = await h.open();
  try {
    await client.write(connectRequest("127.0.0.1:4000") + "early bytes");
    strictEqual((await client.readResponse("CONNECT")).status, 200);
    await within(2_000, client.closedByPeer(), "the tunnel closing");
    await within(2_000, waitFor(() => h.proxy.active === 0), "the connection ending");
    ok(broken.closed, "the destination connection was left open");
    // Opened, then closed at once: two lines, both "allow".
    deepStrictEqual(
      h.audit.map((e) => [e.decision, e.reason]),
      [["allow", "egress.tunnel_open"], ["allow", "egress.tunnel_close"]],
    );
  } finally {
    client.close();
    await h.close();
  }
});

Deno.test("egress_answers_502_when_the_destination_fails_at_once (HTTP)", async () => {
  const broken = brokenConn();
  const h = startEgress({ allow: ["127.0.0.1:4000"], dial: () => Promise.resolve(broken) });
  try {
    const response = await h.request(httpRequest("http://127.0.0.1:4000/"));
    strictEqual(response.status, 502, response.head);
    ok(broken.closed, "the destination connection was left open");
    strictEqual(h.audit.length, 1);
    strictEqual(h.audit[0]!.status, 502);
  } finally {
    await h.close();
  }
});

// --- unix socket -----------------------------------------------------------

Deno.test("egress_serves_on_a_unix_socket (CONNECT and HTTP)", async () => {
  const dir = await Deno.makeTempDir({ prefix: "bottle-egress-" });
  const upstream = startHttpUpstream();
  const echo = startEchoServer();
  const h = startEgress({
    allow: [`127.0.0.1:${upstream.port}`, `127.0.0.1:${echo.port}`],
    unixPath: join(dir, "egress.sock"),
  });
  try {
    strictEqual(h.to, join(dir, "egress.sock"));
    const response = await h.request(httpRequest(`http://127.0.0.1:${upstream.port}/`));
    strictEqual(response.status, 200);
    strictEqual(response.body, "hello from upstream");
    const tunnel = await h.open();
    try {
      await tunnel.write(connectRequest(`127.0.0.1:${echo.port}`));
      strictEqual((await tunnel.readResponse("CONNECT")).status, 200);
      await tunnel.write("over unix");
      strictEqual(text(await tunnel.readExactly(9)), "over unix");
    } finally {
      tunnel.close();
    }
    const denied = await h.request(connectRequest("other.test:443"), "CONNECT");
    strictEqual(denied.status, 403);
  } finally {
    await h.close();
    await upstream.close();
    await echo.close();
    await Deno.remove(dir, { recursive: true });
  }
});

// --- robustness ------------------------------------------------------------

/** A small seeded PRNG (mulberry32), so a failing run can be replayed. */
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

Deno.test("egress_survives_300_connections_of_garbage_and_still_serves", async () => {
  const seed = Number(Deno.env.get("EGRESS_FUZZ_SEED") ?? 20240601);
  const random = prng(seed);
  const upstream = startHttpUpstream();
  const echo = startEchoServer();
  const h = startEgress({
    allow: [`svc.test:${upstream.port}`, `127.0.0.1:${upstream.port}`, `127.0.0.1:${echo.port}`],
    dns: { "svc.test": ["127.0.0.1"] },
    limits: { headerTimeoutMs: 300, idleTimeoutMs: 300, responseTimeoutMs: 300 },
  });
  const valid = [
    httpRequest(`http://svc.test:${upstream.port}/x?y=1`, {
      method: "POST",
      extra: "Transfer-Encoding: chunked\r\n",
    }) + "5\r\nhello\r\n0\r\n\r\n",
    httpRequest(`http://svc.test:${upstream.port}/`, { extra: "Content-Length: 3\r\n" }) + "abc",
    connectRequest(`127.0.0.1:${echo.port}`) + "tunnel data",
    "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n",
  ];
  const garbage = (): Uint8Array => {
    const kind = random();
    if (kind < 0.4) {
      // Random bytes, sometimes behind a plausible method.
      const prefix = random() < 0.5
        ? ["GET http://", "CONNECT ", "POST ", ""][Math.floor(random() * 4)]!
        : "";
      const body = Array.from(
        { length: Math.floor(random() * 3000) },
        () => Math.floor(random() * 256),
      );
      return new Uint8Array([...prefix].map((c) => c.charCodeAt(0)).concat(body));
    }
    // A valid request with a few bytes flipped, cut short or doubled.
    const base = [...valid[Math.floor(random() * valid.length)]!].map((c) => c.charCodeAt(0));
    const flips = 1 + Math.floor(random() * 4);
    for (let i = 0; i < flips; i++) {
      base[Math.floor(random() * base.length)] = Math.floor(random() * 256);
    }
    const cut = random() < 0.3 ? base.slice(0, Math.floor(random() * base.length)) : base;
    return new Uint8Array(random() < 0.2 ? cut.concat(cut) : cut);
  };

  const one = async (bytes: Uint8Array, wait: boolean) => {
    const client = await h.open();
    try {
      await client.write(bytes).catch(() => {});
      if (wait) await client.readToEnd();
    } finally {
      client.close();
    }
  };
  try {
    for (let batch = 0; batch < 10; batch++) {
      await within(
        10_000,
        Promise.all(Array.from({ length: 30 }, () => one(garbage(), random() < 0.6))),
        `garbage batch ${batch} (seed ${seed})`,
      );
    }
    await within(5_000, waitFor(() => h.proxy.active === 0), `connections ending (seed ${seed})`);
    const response = await h.request(httpRequest(`http://svc.test:${upstream.port}/after`));
    strictEqual(response.status, 200, response.head);
    strictEqual(response.body, "hello from upstream");
    ok(h.audit.every((e) => e.channel === "egress" && typeof e.reason === "string"));
    ok(h.dials.every((d) => d.address === "127.0.0.1"), JSON.stringify(h.dials));
  } finally {
    await h.close();
    await upstream.close();
    await echo.close();
  }
});

Deno.test("egress_keeps_accepting_after_running_out_of_file_descriptors", async () => {
  // A child process with a low descriptor limit: the proxy's accept fails
  // (EMFILE) while its clients hold every descriptor, and must recover.
  const harness = new URL("../../tests/helpers/egress_harness.ts", import.meta.url).href;
  const upstreams = new URL("../../tests/helpers/loopback_upstreams.ts", import.meta.url).href;
  const within = new URL("../../tests/helpers/within.ts", import.meta.url).href;
  const child = `
    import { httpRequest, startEgress } from "${harness}";
    import { startHttpUpstream } from "${upstreams}";
    import { within } from "${within}";
    const upstream = startHttpUpstream();
    const h = startEgress({ allow: ["127.0.0.1:" + upstream.port], limits: { maxConnections: 1000 } });
    const clients = [];
    let refused = 0;
    for (let i = 0; i < 200; i++) {
      try {
        clients.push(await Deno.connect({ hostname: "127.0.0.1", port: h.to }));
      } catch {
        refused++;
      }
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
    for (const c of clients) c.close();
    await new Promise((resolve) => setTimeout(resolve, 300));
    let status = "none";
    try {
      const url = "http://127.0.0.1:" + upstream.port + "/";
      status = (await within(3000, h.request(httpRequest(url)), "a request")).status;
    } catch (error) {
      status = String(error);
    }
    console.log(JSON.stringify({ refused, status }));
    Deno.exit(0);
  `;
  const output = await new Deno.Command("bash", {
    args: ["-c", 'ulimit -n 150 && exec "$0" eval --quiet "$1"', Deno.execPath(), child],
    stdout: "piped",
    stderr: "piped",
    signal: AbortSignal.timeout(30_000),
  }).output();
  const stdout = new TextDecoder().decode(output.stdout).trim();
  const stderr = new TextDecoder().decode(output.stderr);
  strictEqual(output.code, 0, stderr);
  const result = JSON.parse(stdout.split("\n").at(-1) ?? "{}") as {
    refused: number;
    status: unknown;
  };
  ok(result.refused > 0, `the descriptor limit was never reached: ${stdout}`);
  strictEqual(result.status, 200, `after running out of descriptors: ${stdout}`);
});

Deno.test("egress_shutdown_closes_open_tunnels", async () => {
  const echo = startEchoServer();
  const h = startEgress({ allow: [`127.0.0.1:${echo.port}`] });
  const client = await RawClient.open(h.to);
  try {
    await client.write(connectRequest(`127.0.0.1:${echo.port}`));
    strictEqual((await client.readResponse("CONNECT")).status, 200);
    await h.close();
    await within(2_000, client.closedByPeer(), "the tunnel closing on shutdown");
    strictEqual(h.proxy.active, 0);
  } finally {
    client.close();
    await echo.close();
  }
});
