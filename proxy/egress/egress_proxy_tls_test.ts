/**
 * A tunnel to a TLS port must be TLS to the host the CONNECT named, over real
 * loopback sockets: the proxy reads the ClientHello after its 200 and before
 * dialling, refuses one naming another host, none, ECH or bytes that are not
 * TLS (closing the tunnel, dialling nothing), and passes a matching one
 * through so a real TLS handshake with the loopback server succeeds. An exact
 * `ip:port` grant on the same port still carries raw bytes.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import type { AuditEvent } from "../audit/audit_event.ts";
import { clientHello, clientHelloMessage, inRecords } from "../../tests/helpers/client_hello.ts";
import {
  connectRequest,
  type EgressHarness,
  startEgress,
  waitFor,
} from "../../tests/helpers/egress_harness.ts";
import { startEchoServer } from "../../tests/helpers/loopback_upstreams.ts";
import { makeTestCert } from "../../tests/helpers/test_cert.ts";
import { within } from "../../tests/helpers/within.ts";
import type { EgressLimits } from "./egress_limits.ts";

const HOST = "tls.test";
const CERT = await makeTestCert([HOST]);

/** A loopback TLS server for HOST answering each line `x` with `pong x`. */
function startTlsServer(): { port: number; accepted: () => number; close: () => Promise<void> } {
  const listener = Deno.listenTls({ hostname: "127.0.0.1", port: 0, ...CERT });
  let accepted = 0;
  const served: Promise<void>[] = [];
  const loop = (async () => {
    for await (const conn of listener) {
      accepted++;
      served.push((async () => {
        try {
          const buf = new Uint8Array(1024);
          const n = await conn.read(buf);
          if (n !== null) {
            await conn.write(
              new TextEncoder().encode(`pong ${new TextDecoder().decode(buf.subarray(0, n))}`),
            );
          }
        } catch {
          /* a refused client */
        } finally {
          try {
            conn.close();
          } catch { /* closed */ }
        }
      })());
    }
  })();
  return {
    port: (listener.addr as Deno.NetAddr).port,
    accepted: () => accepted,
    close: async () => {
      listener.close();
      await loop.catch(() => {});
      await Promise.allSettled(served);
    },
  };
}

/** A proxy granting HOST (port 443, dialled on the TLS server's loopback port). */
async function withTls(
  run: (h: EgressHarness, server: ReturnType<typeof startTlsServer>) => Promise<void>,
  limits: Partial<EgressLimits> = {},
): Promise<void> {
  const server = startTlsServer();
  const echo = startEchoServer();
  const h = startEgress({
    allow: [HOST, "127.0.0.1:443", `127.0.0.1:${echo.port}`],
    dns: { [HOST]: ["127.0.0.1"], "other.test": ["127.0.0.1"] },
    portMap: { 443: server.port },
    limits,
  });
  try {
    await run(h, server);
  } finally {
    await h.close();
    await server.close();
    await echo.close();
  }
}

/** The only audit event. */
async function onlyEvent(h: EgressHarness): Promise<AuditEvent> {
  await within(3_000, waitFor(() => h.audit.length >= 1), "the audit event");
  strictEqual(h.audit.length, 1, JSON.stringify(h.audit));
  return h.audit[0]!;
}

/** Opens a tunnel to HOST:443, sends `first`, and checks the proxy closes it, dialling nothing. */
async function assertRefused(
  h: EgressHarness,
  first: Uint8Array | string,
  code: string,
): Promise<void> {
  const client = await h.open();
  try {
    await client.write(connectRequest(`${HOST}:443`));
    strictEqual((await client.readResponse("CONNECT")).status, 200);
    await client.write(first);
    ok(await within(3_000, client.closedByPeer(), "the proxy closing the tunnel"));
  } finally {
    client.close();
  }
  const event = await onlyEvent(h);
  deepStrictEqual([event.decision, event.reason], ["deny", code]);
  deepStrictEqual(h.dials, [], "nothing may be dialled for a refused ClientHello");
}

Deno.test("tunnel_refuses_a_client_hello_naming_another_host: egress.sni_mismatch, nothing dialled", async () => {
  await withTls(async (h, server) => {
    await assertRefused(h, clientHello({ names: ["other.test"] }), "egress.sni_mismatch");
    strictEqual(server.accepted(), 0);
  });
});

Deno.test("tunnel_refuses_a_client_hello_without_sni: egress.no_sni", async () => {
  await withTls(async (h) => {
    await assertRefused(h, clientHello({}), "egress.no_sni");
  });
});

Deno.test("tunnel_refuses_non_tls_bytes_on_a_tls_port: plain HTTP and SSH are egress.not_tls", async () => {
  await withTls(async (h) => {
    await assertRefused(h, `GET / HTTP/1.1\r\nHost: ${HOST}\r\n\r\n`, "egress.not_tls");
  });
  await withTls(async (h) => {
    await assertRefused(h, "SSH-2.0-OpenSSH_9.6\r\n", "egress.not_tls");
  });
});

Deno.test("tunnel_refuses_ech: a ClientHello with encrypted_client_hello is egress.ech", async () => {
  await withTls(async (h) => {
    await assertRefused(h, clientHello({ names: [HOST], ech: true }), "egress.ech");
  });
});

Deno.test("tunnel_refuses_a_client_hello_over_the_bound: egress.tls_hello_too_large", async () => {
  await withTls(async (h) => {
    const big = clientHello({ names: [HOST], padding: 20_000 });
    await assertRefused(h, big.subarray(0, 64), "egress.tls_hello_too_large");
  });
});

Deno.test("tunnel_refuses_a_client_hello_that_stalls: egress.tls_hello_timeout", async () => {
  await withTls(async (h) => {
    const hello = clientHello({ names: [HOST] });
    await assertRefused(h, hello.subarray(0, 20), "egress.tls_hello_timeout");
  }, { clientHelloTimeoutMs: 300 });
});

Deno.test("tunnel_passes_a_matching_client_hello_through: a real TLS handshake to the named host succeeds", async () => {
  await withTls(async (h, server) => {
    const conn = await Deno.connect({ hostname: "127.0.0.1", port: h.to as number });
    await conn.write(new TextEncoder().encode(connectRequest(`${HOST}:443`)));
    // Read the 200 byte by byte: no byte of the TLS stream may be taken with it.
    let head = "";
    const one = new Uint8Array(1);
    while (!head.endsWith("\r\n\r\n")) {
      strictEqual(await conn.read(one), 1);
      head += String.fromCharCode(one[0]!);
    }
    ok(head.startsWith("HTTP/1.1 200"), head);
    const tls = await Deno.startTls(conn, { hostname: HOST, caCerts: [CERT.cert] });
    try {
      await tls.write(new TextEncoder().encode("ping"));
      const buf = new Uint8Array(64);
      const n = await tls.read(buf);
      strictEqual(new TextDecoder().decode(buf.subarray(0, n ?? 0)), "pong ping");
    } finally {
      tls.close();
    }
    const event = await onlyEvent(h);
    deepStrictEqual([event.decision, event.status], ["allow", 200]);
    deepStrictEqual(h.dials, [{ address: "127.0.0.1", port: 443 }]);
    strictEqual(server.accepted(), 1);
  });
});

Deno.test("tunnel_passes_a_fragmented_client_hello_through: records of 7 bytes, sent in pieces", async () => {
  await withTls(async (h) => {
    const client = await h.open();
    try {
      await client.write(connectRequest(`${HOST.toUpperCase()}.:443`));
      strictEqual((await client.readResponse("CONNECT")).status, 200);
      const bytes = inRecords(clientHelloMessage({ names: [HOST], grease: true }), [7]);
      for (let at = 0; at < bytes.length; at += 50) {
        await client.write(bytes.subarray(at, at + 50));
        await new Promise((r) => setTimeout(r, 2));
      }
      // The loopback server reads a ClientHello it did not ask for and ends the handshake.
      await within(3_000, waitFor(() => h.dials.length === 1), "the dial after the ClientHello");
    } finally {
      client.close();
    }
    await within(3_000, waitFor(() => h.audit.length === 2), "the audit events");
    deepStrictEqual(
      h.audit.map((e) => [e.decision, e.reason]),
      [["allow", "egress.tunnel_open"], ["allow", "egress.tunnel_close"]],
    );
  });
});

Deno.test("tunnel_to_an_exact_address_grant_carries_raw_bytes: ip:port grants are not TLS-checked", async () => {
  const echo = startEchoServer();
  const h = startEgress({ allow: ["127.0.0.1:443"], portMap: { 443: echo.port } });
  try {
    const client = await h.open();
    try {
      await client.write(connectRequest("127.0.0.1:443"));
      strictEqual((await client.readResponse("CONNECT")).status, 200);
      await client.write("raw bytes");
      strictEqual(new TextDecoder().decode(await client.readExactly(9)), "raw bytes");
    } finally {
      client.close();
    }
  } finally {
    await h.close();
    await echo.close();
  }
});
