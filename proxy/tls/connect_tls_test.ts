/**
 * connectTls() against loopback TLS servers whose certificates come from a
 * test CA: it verifies the chain and the name, never skips either, and gives
 * a reason when it refuses.
 */
import { ok, strictEqual } from "node:assert/strict";
import { connectTls, type UpstreamTls } from "./connect_tls.ts";
import { makeTestCa, type TestLeaf } from "./testdata/test_ca.ts";

const HOST = "upstream.example.test";
const ca = await makeTestCa({ bottle: "upstream" });
const encoder = new TextEncoder();

/** A loopback TLS server with `leaf` that answers `pong` to whatever arrives, offering ALPN. */
async function withServer(leaf: TestLeaf, run: (port: number) => Promise<void>): Promise<void> {
  const listener = Deno.listenTls({
    hostname: "127.0.0.1",
    port: 0,
    ...leaf,
    alpnProtocols: ["h2", "http/1.1"],
  });
  const served: Promise<void>[] = [];
  const loop = (async () => {
    for await (const conn of listener) {
      served.push((async () => {
        try {
          await conn.read(new Uint8Array(1024));
          await conn.write(encoder.encode("pong"));
        } catch { /* a refused handshake */ }
        try {
          conn.close();
        } catch { /* closed */ }
      })());
    }
  })();
  try {
    await run((listener.addr as Deno.NetAddr).port);
  } finally {
    listener.close();
    await loop.catch(() => {});
    await Promise.allSettled(served);
  }
}

async function dial(port: number, hostname: string, caCerts?: string[]): Promise<UpstreamTls> {
  const tcp = await Deno.connect({ hostname: "127.0.0.1", port });
  return await connectTls(tcp, { hostname, ...(caCerts === undefined ? {} : { caCerts }) });
}

Deno.test("connect_tls_verifies_the_destination_and_speaks_http_1_1", async () => {
  await withServer(await ca.leaf(HOST), async (port) => {
    const result = await dial(port, HOST, [ca.certificatePem]);
    ok(result.kind === "connected", JSON.stringify(result));
    try {
      strictEqual((await result.conn.handshake()).alpnProtocol, "http/1.1");
      await result.conn.write(encoder.encode("ping"));
      const buf = new Uint8Array(16);
      const n = await result.conn.read(buf);
      strictEqual(new TextDecoder().decode(buf.subarray(0, n ?? 0)), "pong");
    } finally {
      result.conn.close();
    }
  });
});

Deno.test("connect_tls_refuses_a_certificate_for_another_name", async () => {
  await withServer(await ca.leaf("other.example.test"), async (port) => {
    const result = await dial(port, HOST, [ca.certificatePem]);
    ok(
      result.kind === "refuse" && result.code === "egress.upstream_tls_failed",
      JSON.stringify(result),
    );
    ok(result.reason.includes(HOST), result.reason);
  });
});

Deno.test("connect_tls_refuses_a_certificate_from_an_untrusted_ca", async () => {
  await withServer(await ca.leaf(HOST), async (port) => {
    const untrusted = await dial(port, HOST);
    ok(
      untrusted.kind === "refuse" && untrusted.code === "egress.upstream_tls_failed",
      JSON.stringify(untrusted),
    );
    const stranger = await makeTestCa({ bottle: "stranger" });
    const other = await dial(port, HOST, [stranger.certificatePem]);
    ok(other.kind === "refuse" && other.status === 502, JSON.stringify(other));
  });
});

Deno.test("connect_tls_refuses_an_expired_certificate", async () => {
  const past = await ca.leaf(HOST, {
    notBefore: new Date(Date.now() - 48 * 3_600_000),
    notAfter: new Date(Date.now() - 24 * 3_600_000),
  });
  await withServer(past, async (port) => {
    const result = await dial(port, HOST, [ca.certificatePem]);
    ok(
      result.kind === "refuse" && result.code === "egress.upstream_tls_failed",
      JSON.stringify(result),
    );
  });
});

Deno.test("connect_tls_gives_up_on_a_destination_that_never_answers", async () => {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const held: Deno.Conn[] = [];
  const accepting = (async () => {
    for await (const conn of listener) held.push(conn);
  })();
  try {
    const tcp = await Deno.connect({
      hostname: "127.0.0.1",
      port: (listener.addr as Deno.NetAddr).port,
    });
    const result = await connectTls(tcp, { hostname: HOST, timeoutMs: 200 });
    ok(result.kind === "refuse" && result.status === 504, JSON.stringify(result));
    strictEqual(result.code, "egress.upstream_tls_timeout");
  } finally {
    listener.close();
    await accepting.catch(() => {});
    for (const conn of held) conn.close();
  }
});
