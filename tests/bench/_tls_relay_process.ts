/**
 * The TLS benchmark's stand-in for the egress proxy's interception, in its
 * own process as the supervisor is: on a loopback port, each connection is
 * terminated with acceptTls (leaves from a bottle CA through the leaf
 * cache), the upstream is dialled and verified with connectTls, and bytes are
 * copied both ways with the tunnel copy. A second port is the reference
 * relay with Deno's native TLS on both legs, for the cached name only.
 * Prints `{"port":N,"nativePort":M}` when ready;
 * each line on standard input is a command: `rss` prints `{"rss":N,"heapUsed":H,"leaves":M}`
 * after a full GC (run with `--v8-flags=--expose-gc`); the process ends when
 * standard input closes.
 * Usage: deno run -A --v8-flags=--expose-gc _tls_relay_process.ts UPSTREAM_PORT SETUP_JSON
 */
import { acceptTls } from "../../proxy/tls/accept_tls.ts";
import { BottleCa, type LeafCertificate } from "../../proxy/tls/bottle_ca.ts";
import { connectTls } from "../../proxy/tls/connect_tls.ts";
import { DEFAULT_RENEW_BEFORE_MS, LeafCache } from "../../proxy/tls/leaf_cache.ts";
import { ByteReader } from "../../proxy/http/byte_reader.ts";
import { pipeTunnel } from "../../proxy/egress/pipe_tunnel.ts";
import { readClientHello } from "../../proxy/tls/read_client_hello.ts";

const [upstreamPort, setupPath] = Deno.args;
if (upstreamPort === undefined || setupPath === undefined) {
  throw new Error("usage: UPSTREAM_PORT SETUP_JSON");
}
const setup = JSON.parse(await Deno.readTextFile(setupPath)) as {
  upstreamCaPem: string;
  leafKeys: "shared" | "each";
  suffix: string;
};
const ca = await BottleCa.create({
  bottle: "bench",
  hosts: [`*.${setup.suffix}`],
  leafKeys: setup.leafKeys,
});
await Deno.writeTextFile(`${setupPath}.ca.pem`, ca.certificatePem);
const leaves = new LeafCache<LeafCertificate>({
  capacity: 256,
  make: (name, now) => ca.issue(name, new Date(now)),
  expiresAt: (leaf) => leaf.notAfter.getTime(),
  renewBeforeMs: DEFAULT_RENEW_BEFORE_MS,
});

const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
const served = new Set<Promise<void>>();
(async () => {
  for await (const conn of listener) {
    const one: Promise<void> = relay(conn).catch(() => {}).finally(() => served.delete(one));
    served.add(one);
  }
})();

async function relay(conn: Deno.Conn): Promise<void> {
  (conn as Deno.TcpConn).setNoDelay(true);
  const reader = new ByteReader(conn);
  // In the proxy the CONNECT names the host; here the SNI does (its first label varies).
  const hello = await readClientHello(reader, { timeoutMs: 5_000, maxBytes: 16_384 });
  const sni = hello.kind === "hello" ? hello.hostNames[0] : undefined;
  if (sni === undefined) return conn.close();
  const accepted = await acceptTls({ conn, reader }, {
    expectedName: sni,
    leafFor: (name) => leaves.get(name),
  });
  if (accepted.kind !== "accepted") return;
  const tcp = await Deno.connect({ hostname: "127.0.0.1", port: Number(upstreamPort) });
  tcp.setNoDelay(true);
  const upstream = await connectTls(tcp, { hostname: sni, caCerts: [setup.upstreamCaPem] });
  if (upstream.kind !== "connected") return accepted.conn.close();
  await pipeTunnel(accepted.conn, upstream.conn, { idleMs: 60_000, lifetimeMs: 600_000 });
}

// A reference, not a road the proxy can take: Deno's own TLS server on both legs,
// for one name (Deno has no server-side TLS over an arbitrary connection, nor SNI).
const cachedLeaf = await leaves.get(`cached.${setup.suffix}`);
const native = Deno.listenTls({
  hostname: "127.0.0.1",
  port: 0,
  cert: cachedLeaf.certificatePem,
  key: cachedLeaf.keyPem,
});
(async () => {
  for await (const conn of native) {
    const one: Promise<void> = (async () => {
      await conn.handshake();
      const tcp = await Deno.connect({ hostname: "127.0.0.1", port: Number(upstreamPort) });
      tcp.setNoDelay(true);
      const name = `cached.${setup.suffix}`;
      const upstream = await connectTls(tcp, { hostname: name, caCerts: [setup.upstreamCaPem] });
      if (upstream.kind !== "connected") return conn.close();
      await pipeTunnel(conn, upstream.conn, { idleMs: 60_000, lifetimeMs: 600_000 });
    })().catch(() => {}).finally(() => served.delete(one));
    served.add(one);
  }
})();

console.log(
  JSON.stringify({
    port: (listener.addr as Deno.NetAddr).port,
    nativePort: (native.addr as Deno.NetAddr).port,
  }),
);
const gc = (globalThis as { gc?: () => void }).gc;
const lines = Deno.stdin.readable.pipeThrough(new TextDecoderStream()).getReader();
let pending = "";
for (;;) {
  const read = await lines.read();
  if (read.done) break;
  pending += read.value;
  for (let nl = pending.indexOf("\n"); nl !== -1; nl = pending.indexOf("\n")) {
    const command = pending.slice(0, nl).trim();
    pending = pending.slice(nl + 1);
    if (command === "rss") {
      gc?.();
      await new Promise((resolve) => setTimeout(resolve, 50));
      gc?.();
      const { rss, heapUsed } = Deno.memoryUsage();
      console.log(JSON.stringify({ rss, heapUsed, leaves: leaves.size }));
    }
  }
}
listener.close();
native.close();
Deno.exit(0);
