/**
 * TLS interception, against direct TLS to the same loopback server in the
 * same run (interleaved rounds, medians):
 *  1. Time to the first response byte of a small HTTPS request (a new
 *     connection each time: TCP, TLS, `GET /small`): direct, through the
 *     terminate→re-encrypt relay with the leaf cached, and with a new name
 *     each time (a leaf made and signed on the way). p50 and p99.
 *  2. 50 MB upload and 50 MB download through the relay, as a ratio to direct,
 *     next to a reference relay with Deno's native TLS on both legs, and the
 *     relay process's CPU time per MB.
 *  3. The relay process's RSS before and after 100 more names (100 cached leaves).
 *  4. The cost of a new leaf: signing with the shared leaf key vs a new key per leaf.
 * The client runs here, the relay (acceptTls → connectTls, tunnel copy) and
 * the HTTPS server (Deno.serve) each in their own process; all on 127.0.0.1.
 *
 * Run: `deno run -A tests/bench/tls_bench.ts`. BENCH_REQUESTS (default 300)
 * and BENCH_ROUNDS (5) scale it; BENCH_ONLY (a comma list of `ttfb`,
 * `throughput`, `rss`, `leaf`) runs only those sections.
 */
import { BottleCa } from "../../proxy/tls/bottle_ca.ts";
import { makeTestCa } from "../../proxy/tls/testdata/test_ca.ts";
import { writeAll } from "../../proxy/conn/write_all.ts";
import { createSecureContext } from "node:tls";

const REQUESTS = Number(Deno.env.get("BENCH_REQUESTS") ?? 300);
const ROUNDS = Number(Deno.env.get("BENCH_ROUNDS") ?? 5);
const ONLY = new Set((Deno.env.get("BENCH_ONLY") ?? "ttfb,throughput,rss,leaf").split(","));
const BIG = 50 * 1024 * 1024;
const SUFFIX = "bench.test";
const CACHED = `cached.${SUFFIX}`;
const encoder = new TextEncoder();

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
const median = (values: readonly number[]) => percentile(values, 50);

// ---- set-up: a test CA for the destination, the destination and the relay in their own processes ----
const dir = await Deno.makeTempDir({ prefix: "bottle-tls-bench-" });
const upstreamCa = await makeTestCa({ bottle: "upstream" });
const upstreamLeaf = await upstreamCa.leaf(`*.${SUFFIX}`);
const setupPath = `${dir}/setup.json`;
await Deno.writeTextFile(
  setupPath,
  JSON.stringify({
    ...upstreamLeaf,
    upstreamCaPem: upstreamCa.certificatePem,
    leafKeys: "shared",
    suffix: SUFFIX,
  }),
  { mode: 0o600 },
);

interface Child {
  readonly process: Deno.ChildProcess;
  readonly stdin: WritableStreamDefaultWriter<Uint8Array>;
  next(): Promise<Record<string, number>>;
}

function spawn(script: string, args: string[], v8Flags: string[] = []): Child {
  const process = new Deno.Command(Deno.execPath(), {
    args: ["run", "-A", ...v8Flags, new URL(script, import.meta.url).pathname, ...args],
    stdin: "piped",
    stdout: "piped",
  }).spawn();
  const lines = process.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let pending = "";
  return {
    process,
    stdin: process.stdin.getWriter(),
    next: async () => {
      for (;;) {
        const nl = pending.indexOf("\n");
        if (nl !== -1) {
          const line = pending.slice(0, nl);
          pending = pending.slice(nl + 1);
          return JSON.parse(line);
        }
        const read = await lines.read();
        if (read.done) throw new Error(`${script} ended`);
        pending += read.value;
      }
    },
  };
}

const upstream = spawn("./_tls_upstream_process.ts", [setupPath]);
const upstreamPort = (await upstream.next()).port!;
const relay = spawn("./_tls_relay_process.ts", [String(upstreamPort), setupPath], [
  `--v8-flags=--expose-gc${Deno.env.get("BENCH_RELAY_V8_FLAGS") ?? ""}`,
]);
const relayPorts = await relay.next();
const relayPort = relayPorts.port!;
const bottleCaPem = await Deno.readTextFile(`${setupPath}.ca.pem`);

/** A route to the server: its port, the CA the client trusts there. */
interface Route {
  readonly label: string;
  readonly port: number;
  readonly caPem: string;
}
const direct: Route = { label: "direct TLS", port: upstreamPort, caPem: upstreamCa.certificatePem };
const intercepted: Route = { label: "interception", port: relayPort, caPem: bottleCaPem };
const nativeRelay: Route = {
  label: "native relay",
  port: relayPorts.nativePort!,
  caPem: bottleCaPem,
};

/** CPU seconds the relay process has used (user + system), from /proc. */
function relayCpu(): number {
  const stat = Deno.readTextFileSync(`/proc/${relay.process.pid}/stat`);
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function open(route: Route, name: string): Promise<Deno.TlsConn> {
  const tcp = await Deno.connect({ hostname: "127.0.0.1", port: route.port });
  tcp.setNoDelay(true);
  return await Deno.startTls(tcp, {
    hostname: name,
    caCerts: [route.caPem],
    alpnProtocols: ["http/1.1"],
  });
}

function request(method: string, path: string, name: string, extra = ""): Uint8Array {
  return encoder.encode(
    `${method} ${path} HTTP/1.1\r\nHost: ${name}\r\nConnection: close\r\n${extra}\r\n`,
  );
}

/** Reads until the server closes; returns the bytes read. */
async function drain(conn: Deno.Conn, buf = new Uint8Array(256 * 1024)): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await conn.read(buf).catch(() => null);
    if (n === null) return total;
    total += n;
  }
}

/** Milliseconds from the TCP connect to the first byte of the response to `GET /small`. */
async function firstByte(route: Route, name: string): Promise<number> {
  const started = performance.now();
  const conn = await open(route, name);
  try {
    await writeAll(conn, request("GET", "/small", name));
    const n = await conn.read(new Uint8Array(4096));
    if (n === null || n === 0) throw new Error(`${route.label}: no response`);
    return performance.now() - started;
  } finally {
    conn.close();
  }
}

/** MB/s of a 50 MB request body (until the response has come back). */
async function upload(route: Route): Promise<number> {
  const body = new Uint8Array(64 * 1024).fill(0x62);
  const started = performance.now();
  const conn = await open(route, CACHED);
  try {
    await writeAll(conn, request("POST", "/upload", CACHED, `Content-Length: ${BIG}\r\n`));
    for (let sent = 0; sent < BIG; sent += body.length) await writeAll(conn, body);
    const answered = await drain(conn);
    if (answered === 0) throw new Error(`${route.label}: no answer to the upload`);
    return BIG / 1e6 / ((performance.now() - started) / 1000);
  } finally {
    conn.close();
  }
}

/** MB/s of a 50 MB response body. */
async function download(route: Route): Promise<number> {
  const started = performance.now();
  const conn = await open(route, CACHED);
  try {
    await writeAll(conn, request("GET", `/download?bytes=${BIG}`, CACHED));
    const total = await drain(conn);
    if (total < BIG) throw new Error(`${route.label}: ${total} bytes of ${BIG}`);
    return BIG / 1e6 / ((performance.now() - started) / 1000);
  } finally {
    conn.close();
  }
}

async function relayRss(): Promise<{ rss: number; heapUsed: number; leaves: number }> {
  await relay.stdin.write(encoder.encode("rss\n"));
  const line = await relay.next();
  return { rss: line.rss!, heapUsed: line.heapUsed!, leaves: line.leaves! };
}

const results: Record<string, unknown> = { requests: REQUESTS, rounds: ROUNDS };
const fmt = (n: number, digits = 2) => n.toFixed(digits);

// Warm up every road (JIT, pools, the cached leaf).
for (let i = 0; i < 20; i++) {
  await firstByte(direct, CACHED);
  await firstByte(intercepted, CACHED);
}

if (ONLY.has("rss")) {
  // 100 connections on one name first, so the next 100 differ only in their names.
  for (let i = 0; i < 100; i++) await firstByte(intercepted, CACHED);
  const before = await relayRss();
  for (let i = 0; i < 100; i++) await firstByte(intercepted, `rss${i}.${SUFFIX}`);
  const after = await relayRss();
  const added = after.leaves - before.leaves;
  const perLeaf = (after.rss - before.rss) / added;
  const heapPerLeaf = (after.heapUsed - before.heapUsed) / added;
  results.rss = { before, after, perLeafBytes: Math.round(perLeaf), heapPerLeafBytes: heapPerLeaf };
  console.log(
    `relay RSS: ${fmt(before.rss / 2 ** 20, 1)} MiB with ${before.leaves} leaf, ` +
      `${fmt(after.rss / 2 ** 20, 1)} MiB with ${after.leaves} (${fmt(perLeaf / 1024, 1)} KiB ` +
      `per leaf; JS heap ${fmt(heapPerLeaf / 1024, 1)} KiB per leaf)`,
  );
}

if (ONLY.has("ttfb")) {
  const times: Record<string, number[]> = { direct: [], cached: [], uncached: [] };
  for (let i = 0; i < REQUESTS; i++) {
    const order = [
      ["direct", () => firstByte(direct, CACHED)],
      ["cached", () => firstByte(intercepted, CACHED)],
      ["uncached", () => firstByte(intercepted, `n${i}.${SUFFIX}`)],
    ] as const;
    for (let k = 0; k < order.length; k++) {
      const [label, run] = order[(i + k) % order.length]!;
      times[label]!.push(await run());
    }
  }
  const summary = Object.fromEntries(
    Object.entries(times).map(([label, values]) => [label, {
      p50: percentile(values, 50),
      p99: percentile(values, 99),
    }]),
  );
  results.ttfb = summary;
  const d = summary.direct!;
  console.log(`time to first response byte, new connection each (${REQUESTS} each, interleaved):`);
  for (const [label, s] of Object.entries(summary)) {
    console.log(
      `  ${label.padEnd(9)} p50 ${fmt(s.p50)} ms  p99 ${fmt(s.p99)} ms` +
        (label === "direct"
          ? ""
          : `  (added p50 ${fmt(s.p50 - d.p50)} ms, p99 ${fmt(s.p99 - d.p99)} ms)`),
    );
  }
}

if (ONLY.has("throughput")) {
  const routes = [direct, intercepted, nativeRelay];
  const mbps: Record<string, number[]> = {};
  const cpu: Record<string, number> = {};
  const measure = async (what: string, route: Route, run: (r: Route) => Promise<number>) => {
    const key = `${what} ${route.label}`;
    const before = relayCpu();
    (mbps[key] ??= []).push(await run(route));
    cpu[key] = (cpu[key] ?? 0) + relayCpu() - before;
  };
  for (let round = 0; round < ROUNDS; round++) {
    const order = routes.map((_, i) => routes[(i + round) % routes.length]!);
    for (const route of order) await measure("upload", route, upload);
    for (const route of order) await measure("download", route, download);
  }
  const m = (key: string) => median(mbps[key]!);
  const perMb = (key: string) => (cpu[key]! * 1000) / ((ROUNDS * BIG) / 1e6);
  const up = m("upload interception") / m("upload direct TLS");
  const down = m("download interception") / m("download direct TLS");
  results.throughput = {
    mbps,
    relayCpuMsPerMb: Object.fromEntries(Object.keys(cpu).map((k) => [k, perMb(k)])),
    uploadRatio: up,
    downloadRatio: down,
    nativeUploadRatio: m("upload native relay") / m("upload direct TLS"),
    nativeDownloadRatio: m("download native relay") / m("download direct TLS"),
  };
  console.log(`50 MB bodies (${ROUNDS} interleaved rounds, medians; relay CPU per MB):`);
  for (const what of ["upload", "download"]) {
    const base = m(`${what} direct TLS`);
    console.log(
      `  ${what.padEnd(8)} direct ${fmt(base, 0)} MB/s; interception ${
        fmt(m(`${what} interception`), 0)
      } MB/s (${fmt(m(`${what} interception`) / base)}, relay ${
        fmt(perMb(`${what} interception`))
      } ms/MB); native-TLS relay ${fmt(m(`${what} native relay`), 0)} MB/s (${
        fmt(m(`${what} native relay`) / base)
      }, relay ${fmt(perMb(`${what} native relay`))} ms/MB)`,
    );
  }
}

if (ONLY.has("leaf")) {
  const shared = await BottleCa.create({ bottle: "bench", leafKeys: "shared" });
  const each = await BottleCa.create({ bottle: "bench", leafKeys: "each" });
  const cost: Record<string, number[]> = { shared: [], each: [], context: [] };
  for (let i = 0; i < 300; i++) {
    for (const [label, ca] of [["shared", shared], ["each", each]] as const) {
      const started = performance.now();
      const leaf = await ca.issue(`l${i}.${SUFFIX}`);
      cost[label]!.push(performance.now() - started);
      if (label === "shared") {
        const t = performance.now();
        createSecureContext({ cert: leaf.certificatePem, key: leaf.keyPem });
        cost.context!.push(performance.now() - t);
      }
    }
  }
  results.leaf = Object.fromEntries(Object.entries(cost).map(([k, v]) => [k, median(v)]));
  console.log(
    `a new leaf (p50 of 300): shared key ${fmt(median(cost.shared!), 3)} ms, ` +
      `a key per leaf ${fmt(median(cost.each!), 3)} ms; its secure context ${
        fmt(median(cost.context!), 3)
      } ms`,
  );
}

console.log(JSON.stringify(results));
await relay.stdin.close();
await upstream.stdin.close();
await relay.process.status;
await upstream.process.status;
await Deno.remove(dir, { recursive: true });
