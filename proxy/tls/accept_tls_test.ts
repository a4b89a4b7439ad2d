/**
 * acceptTls() over real loopback connections: a handshake for the CONNECT
 * host gives a decrypted connection the proxy can read and write like a
 * socket; every client it must refuse is closed — before any certificate for
 * the ClientHello checks — with a reason for the audit.
 */
import { deepStrictEqual, ok, rejects, strictEqual } from "node:assert/strict";
import { clientHello, type HelloOptions } from "../../tests/helpers/client_hello.ts";
import { within } from "../../tests/helpers/within.ts";
import type { AcceptedTls } from "./accept_tls.ts";
import {
  type AcceptHarness,
  denoClient,
  type HarnessOptions,
  HOST,
  startAcceptHarness,
} from "./testdata/accept_harness.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

async function withHarness(
  run: (h: AcceptHarness) => Promise<void>,
  options: HarnessOptions = {},
): Promise<void> {
  const h = await startAcceptHarness(options);
  try {
    await run(h);
  } finally {
    await h.close();
  }
}

/** Reads until the peer ends its side. */
async function readAll(conn: { read(p: Uint8Array): Promise<number | null> }): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  const buf = new Uint8Array(64 * 1024);
  for (;;) {
    const n = await conn.read(buf);
    if (n === null) break;
    parts.push(buf.slice(0, n));
  }
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Sends raw bytes to the harness and waits until the server closes the connection. */
async function sendRaw(h: AcceptHarness, bytes: Uint8Array): Promise<AcceptedTls> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port: h.port! });
  try {
    if (bytes.length > 0) await conn.write(bytes);
    // Closed without a word: the server sends nothing back, not even an alert.
    strictEqual((await within(5_000, readAll(conn), "the server closing")).length, 0);
  } finally {
    conn.close();
  }
  return (await h.settled())[0]!;
}

function refusedWith(result: AcceptedTls | undefined): string {
  return result === undefined
    ? "none"
    : result.kind === "accepted"
    ? "accepted"
    : `${result.status} ${result.code}`;
}

/** A real ClientHello from Deno's TLS client (rustls) for `hostname`. */
async function realClientHello(hostname: string): Promise<Uint8Array> {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const captured = (async () => {
    const conn = await listener.accept();
    const buf = new Uint8Array(16 * 1024);
    const n = await conn.read(buf);
    conn.close();
    return buf.slice(0, n ?? 0);
  })();
  const tcp = await Deno.connect({
    hostname: "127.0.0.1",
    port: (listener.addr as Deno.NetAddr).port,
  });
  const tls = await Deno.startTls(tcp, { hostname });
  const failed = tls.handshake().catch(() => {});
  const bytes = await captured;
  await failed;
  try {
    tls.close();
  } catch { /* closed */ }
  listener.close();
  return bytes;
}

Deno.test("accept_tls_terminates_a_handshake_for_the_connect_host_and_carries_bytes_both_ways", async () => {
  await withHarness(async (h) => {
    const client = await denoClient(h, { alpnProtocols: ["h2", "http/1.1"] });
    try {
      strictEqual((await client.handshake()).alpnProtocol, "http/1.1");
      await client.write(encoder.encode("GET / HTTP/1.1\r\nHost: api.example.test\r\n\r\n"));
      await client.closeWrite();
      strictEqual(
        decoder.decode(await readAll(client)),
        "GET / HTTP/1.1\r\nHost: api.example.test\r\n\r\n",
      );
    } finally {
      client.close();
    }
    const [result] = await h.settled();
    ok(result?.kind === "accepted");
    strictEqual(result.name, HOST);
    strictEqual(result.protocol, "TLSv1.3");
    strictEqual(result.alpn, "http/1.1");
    deepStrictEqual(h.leavesAsked, [HOST]);
  });
});

Deno.test("accept_tls_carries_megabytes_both_ways_at_once_intact", async () => {
  await withHarness(async (h) => {
    const client = await denoClient(h);
    const size = 8 * 1024 * 1024;
    const sent = new Uint8Array(size);
    for (let i = 0; i < size; i += 65_536) crypto.getRandomValues(sent.subarray(i, i + 65_536));
    try {
      // The echo writes while the client is still writing: both directions are busy at once.
      const writing = (async () => {
        for (let at = 0; at < size;) at += await client.write(sent.subarray(at, at + 100_000));
        await client.closeWrite();
      })();
      const received = await readAll(client);
      await writing;
      strictEqual(received.length, size);
      ok(received.every((byte, i) => byte === sent[i]), "the echo is byte for byte what was sent");
    } finally {
      client.close();
    }
  });
});

Deno.test("accept_tls_works_over_a_unix_socket_with_a_tls_1_2_only_client", async () => {
  await withHarness(async (h) => {
    const dir = await Deno.makeTempDir();
    try {
      await Deno.writeTextFile(`${dir}/ca.pem`, h.ca.certificatePem);
      const out = await new Deno.Command("openssl", {
        args: [
          "s_client",
          "-unix",
          h.path!,
          "-tls1_2",
          "-servername",
          HOST,
          "-verify_hostname",
          HOST,
          "-verify_return_error",
          "-CAfile",
          `${dir}/ca.pem`,
          "-alpn",
          "http/1.1",
        ],
        stdin: "piped",
        stdout: "piped",
        stderr: "piped",
      }).spawn();
      const writer = out.stdin.getWriter();
      await writer.write(encoder.encode("ping\n"));
      await writer.close();
      const { stdout, stderr } = await out.output();
      const text = decoder.decode(stdout) + decoder.decode(stderr);
      ok(/Protocol *: TLSv1\.2/.test(text), text);
      ok(text.includes("Verify return code: 0 (ok)"), text);
      ok(text.includes("ALPN protocol: http/1.1"), text);
    } finally {
      await Deno.remove(dir, { recursive: true });
    }
    const [result] = await h.settled();
    ok(result?.kind === "accepted" && result.protocol === "TLSv1.2", refusedWith(result));
  }, { unix: true });
});

Deno.test("accept_tls_closes_a_client_naming_another_host_without_a_certificate", async () => {
  await withHarness(async (h) => {
    const client = await denoClient(h, { hostname: "other.example.test" });
    await rejects(client.handshake());
    client.close();
    const [result] = await h.settled();
    strictEqual(refusedWith(result), "403 egress.sni_mismatch");
    deepStrictEqual(h.leavesAsked, [], "no certificate was made or sent");
  });
});

Deno.test("accept_tls_closes_a_client_without_sni", async () => {
  await withHarness(async (h) => {
    // rustls sends no SNI for an address.
    const client = await denoClient(h, { hostname: "127.0.0.1" });
    await rejects(client.handshake());
    client.close();
    strictEqual(refusedWith((await h.settled())[0]), "403 egress.no_sni");
    deepStrictEqual(h.leavesAsked, []);
  });
});

Deno.test("accept_tls_closes_a_client_offering_only_h2", async () => {
  await withHarness(async (h) => {
    const client = await denoClient(h, { alpnProtocols: ["h2"] });
    await rejects(client.handshake());
    client.close();
    strictEqual(refusedWith((await h.settled())[0]), "403 egress.tls_alpn");
    deepStrictEqual(h.leavesAsked, []);
  });
});

Deno.test("accept_tls_closes_a_tls_1_0_or_1_1_only_client", async () => {
  for (const version of [0x0301, 0x0302]) {
    await withHarness(async (h) => {
      const hello: HelloOptions = { names: [HOST], versions: [], legacyVersion: version };
      strictEqual(refusedWith(await sendRaw(h, clientHello(hello))), "403 egress.tls_version");
      deepStrictEqual(h.leavesAsked, []);
    });
  }
});

Deno.test("accept_tls_closes_a_client_sending_garbage", async () => {
  await withHarness(async (h) => {
    const result = await sendRaw(h, encoder.encode("GET / HTTP/1.1\r\nHost: x\r\n\r\n"));
    strictEqual(refusedWith(result), "403 egress.not_tls");
  });
});

Deno.test("accept_tls_closes_a_client_that_stalls_before_or_inside_the_handshake", async () => {
  await withHarness(async (h) => {
    strictEqual(refusedWith(await sendRaw(h, new Uint8Array(0))), "408 egress.tls_hello_timeout");
  }, { helloTimeoutMs: 200 });
  const hello = await realClientHello(HOST);
  await withHarness(async (h) => {
    // A whole ClientHello, then nothing: the server's flight goes out, the client never finishes.
    const conn = await Deno.connect({ hostname: "127.0.0.1", port: h.port! });
    try {
      await conn.write(hello);
      await within(5_000, readAll(conn).catch(() => new Uint8Array(0)), "the server closing");
    } finally {
      conn.close();
    }
    strictEqual(refusedWith((await h.settled())[0]), "408 egress.tls_handshake_timeout");
  }, { handshakeTimeoutMs: 300 });
});

Deno.test("accept_tls_reports_a_client_that_refuses_the_certificate", async () => {
  await withHarness(async (h) => {
    const stranger = await startAcceptHarness();
    try {
      // The client trusts another bottle's CA only.
      const client = await denoClient(h, { caCerts: [stranger.ca.certificatePem] });
      await rejects(client.handshake());
      client.close();
    } finally {
      await stranger.close();
    }
    const [result] = await h.settled();
    ok(
      result?.kind === "refuse" && result.code === "egress.tls_handshake_failed",
      refusedWith(result),
    );
  });
});

Deno.test("accept_tls_refuses_when_no_leaf_can_be_made", async () => {
  await withHarness(async (h) => {
    const client = await denoClient(h);
    await rejects(client.handshake());
    client.close();
    strictEqual(refusedWith((await h.settled())[0]), "500 egress.tls_leaf_failed");
  }, { leafFor: () => Promise.reject(new Error("no")) });
});

Deno.test("accept_tls_gives_up_on_shutdown", async () => {
  const h = await startAcceptHarness();
  const conn = await Deno.connect({ hostname: "127.0.0.1", port: h.port! });
  await new Promise((resolve) => setTimeout(resolve, 50));
  const closing = h.close();
  strictEqual(refusedWith(h.results[0] ?? (await h.settled())[0]), "503 egress.shutdown");
  await closing;
  conn.close();
});

/** Bytes a loop of 64 KiB writes got through in `ms`, the writer stalled or not. */
async function writtenWithin(
  conn: { write(p: Uint8Array): Promise<number> },
  ms: number,
): Promise<number> {
  let written = 0;
  let stop = false;
  const chunk = new Uint8Array(64 * 1024);
  const writing = (async () => {
    while (!stop) written += await conn.write(chunk);
  })().catch(() => {});
  await new Promise((resolve) => setTimeout(resolve, ms));
  stop = true;
  void writing;
  return written;
}

/** Far above the kernel's socket buffers and the proxy's bounds; far below "unbounded". */
const STALL_BOUND = 32 * 1024 * 1024;

Deno.test("accept_tls_stops_reading_a_client_the_proxy_does_not_read", async () => {
  let release = () => {};
  await withHarness(async (h) => {
    const client = await denoClient(h);
    try {
      await client.handshake();
      const written = await writtenWithin(client, 1_500);
      ok(written < STALL_BOUND, `the client got ${written} bytes in while nothing read them`);
    } finally {
      client.close();
      release();
    }
  }, {
    // Holds the connection without reading until the test is done.
    serve: async (conn) => {
      await new Promise<void>((resolve) => release = resolve);
      conn.close();
    },
  });
});

Deno.test("accept_tls_holds_the_proxy_writer_back_when_the_client_does_not_read", async () => {
  let written = 0;
  await withHarness(async (h) => {
    const client = await denoClient(h);
    try {
      await client.handshake();
      await new Promise((resolve) => setTimeout(resolve, 1_500));
      ok(written > 0 && written < STALL_BOUND, `the proxy wrote ${written} bytes nobody read`);
    } finally {
      client.close();
    }
  }, {
    // Writes until a write fails (the client went away).
    serve: async (conn) => {
      const chunk = new Uint8Array(64 * 1024);
      try {
        for (;;) written += await conn.write(chunk);
      } catch {
        /* the client closed */
      } finally {
        conn.close();
      }
    },
  });
});

Deno.test("accept_tls_hands_over_held_bytes_once_the_proxy_reads_again", async () => {
  const size = 3 * 1024 * 1024;
  let received = 0;
  await withHarness(async (h) => {
    const client = await denoClient(h);
    try {
      for (let at = 0; at < size;) {
        at += await client.write(new Uint8Array(Math.min(65_536, size - at)));
      }
      // The client sent everything and now only waits: what the proxy held back must come through.
      strictEqual(
        decoder.decode(await within(10_000, readAll(client), "the answer")),
        `got ${size}`,
      );
    } finally {
      client.close();
    }
    strictEqual(received, size);
  }, {
    serve: async (conn) => {
      try {
        await new Promise((resolve) => setTimeout(resolve, 300));
        const buf = new Uint8Array(1000);
        while (received < size) {
          const n = await conn.read(buf);
          if (n === null) break;
          received += n;
        }
        await conn.write(encoder.encode(`got ${received}`));
        await conn.closeWrite();
      } finally {
        conn.close();
      }
    },
  });
});

Deno.test("accept_tls_connection_streams_carry_bytes_both_ways", async () => {
  await withHarness(async (h) => {
    const client = await denoClient(h);
    try {
      await client.write(encoder.encode("through the streams"));
      await client.closeWrite();
      strictEqual(decoder.decode(await readAll(client)), "through the streams");
    } finally {
      client.close();
    }
  }, {
    serve: async (conn) => {
      await conn.readable.pipeTo(conn.writable).catch(() => {});
      try {
        conn.close();
      } catch { /* the stream closed it */ }
    },
  });
});
