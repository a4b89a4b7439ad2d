/**
 * Proxy benchmarks, each against a baseline measured in the same run, on
 * loopback only:
 *  1. SSE through the API proxy: time to first byte and per-event delivery
 *     delay — direct, through the proxy on a loopback port, and through a
 *     socat relay to the proxy's unix socket (the path a bottle uses). The
 *     client is Deno's fetch throughout; it speaks origin-form (all the API
 *     proxy accepts) over TCP only, hence the port next to the socket.
 *  2. Throughput of a 50 MB request body and a 50 MB response — through the
 *     API proxy and through a CONNECT tunnel — as a ratio to direct.
 *  3. CONNECT setup time, next to a bare TCP connect.
 *  4. Many concurrent SSE streams through one API proxy: errors and RSS growth.
 *
 * Run: `deno task bench` (or `deno run -A tests/bench/proxy_bench.ts`).
 * BENCH_REQUESTS (default 1000), BENCH_STREAMS (200) and BENCH_SOAK_SECONDS (60)
 * scale it down for a quick look; BENCH_ONLY (a comma list of `sse`,
 * `throughput`, `connect`, `soak`) runs only those sections.
 */
import { SUPERVISOR_V8_FLAGS } from "../../cli/supervisor/self_command.ts";

const REQUESTS = Number(Deno.env.get("BENCH_REQUESTS") ?? 1000);
const STREAMS = Number(Deno.env.get("BENCH_STREAMS") ?? 200);
const SOAK_SECONDS = Number(Deno.env.get("BENCH_SOAK_SECONDS") ?? 60);
const ONLY = new Set((Deno.env.get("BENCH_ONLY") ?? "sse,throughput,connect,soak").split(","));
const BIG = 50 * 1024 * 1024;
const EVENTS_PER_STREAM = 5;
const PHANTOM = "sk-ant-oat01-bench-phantom";
const encoder = new TextEncoder();

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

function ms(n: number): string {
  return `${n.toFixed(3)} ms`;
}

// ---- upstream: SSE events stamped with their send time; bulk upload and download ----
const upstream = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
  const url = new URL(req.url);
  if (url.searchParams.has("upload")) {
    let n = 0;
    for await (const chunk of req.body!) n += chunk.byteLength;
    return new Response(String(n));
  }
  if (url.searchParams.has("download")) {
    const chunk = new Uint8Array(64 * 1024).fill(0x61);
    let left = BIG;
    return new Response(
      new ReadableStream({
        pull(c) {
          if (left <= 0) return c.close();
          const part = chunk.subarray(0, Math.min(chunk.length, left));
          left -= part.length;
          c.enqueue(part);
        },
      }),
    );
  }
  await req.body?.cancel();
  const every = Number(url.searchParams.get("every") ?? 0);
  const count = Number(url.searchParams.get("count") ?? EVENTS_PER_STREAM);
  let i = 0;
  return new Response(
    new ReadableStream({
      async pull(c) {
        if (i >= count) return c.close();
        if (every > 0) await new Promise((r) => setTimeout(r, every));
        c.enqueue(encoder.encode(`event: tick\ndata: ${performance.now()}\n\n`));
        i++;
      },
    }),
    { headers: { "content-type": "text/event-stream" } },
  );
});
const upstreamUrl = `http://127.0.0.1:${upstream.addr.port}`;

// ---- the proxies in their own process (as the supervisor is), a socat relay in front ----
const dir = await Deno.makeTempDir({ prefix: "bottle-bench-" });
const apiSock = `${dir}/api.sock`;
const proxies = new Deno.Command(Deno.execPath(), {
  args: [
    "run",
    "-A",
    `--v8-flags=${SUPERVISOR_V8_FLAGS.join(",")}`, // as a supervisor runs
    new URL("./_proxies_process.ts", import.meta.url).pathname,
    upstreamUrl,
    String(upstream.addr.port),
    apiSock,
    PHANTOM,
  ],
  stdin: "piped",
  stdout: "piped",
}).spawn();
const proxyLines = proxies.stdout.pipeThrough(new TextDecoderStream()).getReader();
let egressPort = 0;
let pending = "";
async function nextProxyLine(): Promise<Record<string, number>> {
  for (;;) {
    const nl = pending.indexOf("\n");
    if (nl !== -1) {
      const line = pending.slice(0, nl);
      pending = pending.slice(nl + 1);
      return JSON.parse(line);
    }
    const r = await proxyLines.read();
    if (r.done) throw new Error("the proxy process ended");
    pending += r.value;
  }
}
const ports = await nextProxyLine();
egressPort = ports.egressPort!;
const apiPort = ports.apiPort!;
/** Resident memory of the proxy process, from /proc (Linux). */
function proxyRss(): number {
  const status = Deno.readTextFileSync(`/proc/${proxies.pid}/status`);
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) * 1024;
}
const relayPort = 20000 + Math.floor(Math.random() * 20000);
const socat = new Deno.Command("socat", {
  args: [`TCP-LISTEN:${relayPort},bind=127.0.0.1,fork,reuseaddr`, `UNIX-CONNECT:${apiSock}`],
  stdout: "null",
  stderr: "null",
}).spawn();
await new Promise((r) => setTimeout(r, 300));

type Target = { name: string; url: string };
const targets: Target[] = [
  { name: "direct", url: upstreamUrl },
  { name: "proxy (loopback port)", url: `http://127.0.0.1:${apiPort}` },
  { name: "proxy + socat relay (unix socket)", url: `http://127.0.0.1:${relayPort}` },
];

async function sseOnce(t: Target): Promise<{ ttfb: number; delays: number[] }> {
  const started = performance.now();
  const response = await fetch(`${t.url}/v1/messages?count=${EVENTS_PER_STREAM}`, {
    method: "POST",
    headers: { authorization: `Bearer ${PHANTOM}`, "content-type": "application/json" },
    body: "{}",
  });
  const reader = response.body!.getReader();
  const decoder = new TextDecoder();
  let ttfb = -1;
  let text = "";
  const delays: number[] = [];
  for (let r = await reader.read(); !r.done; r = await reader.read()) {
    const now = performance.now();
    if (ttfb < 0) ttfb = now - started;
    text += decoder.decode(r.value, { stream: true });
    let end: number;
    while ((end = text.indexOf("\n\n")) !== -1) {
      const sent = Number(/data: ([\d.]+)/.exec(text.slice(0, end))?.[1]);
      delays.push(now - sent);
      text = text.slice(end + 2);
    }
  }
  return { ttfb, delays };
}

const results: Record<string, unknown> = {};
if (ONLY.has("sse")) {
  console.log(
    `\n## 1. SSE through the API proxy (${REQUESTS} requests each, ${EVENTS_PER_STREAM} events per request)\n`,
  );
  console.log("| path | TTFB p50 | TTFB p99 | event delay p50 | event delay p99 |");
  console.log("| --- | --- | --- | --- | --- |");
  const sse: Record<string, { ttfb50: number; ttfb99: number; ev50: number; ev99: number }> = {};
  for (const t of targets) {
    for (let i = 0; i < 50; i++) await sseOnce(t); // warm-up
    const ttfbs: number[] = [];
    const delays: number[] = [];
    for (let i = 0; i < REQUESTS; i++) {
      const r = await sseOnce(t);
      ttfbs.push(r.ttfb);
      delays.push(...r.delays);
    }
    sse[t.name] = {
      ttfb50: percentile(ttfbs, 50),
      ttfb99: percentile(ttfbs, 99),
      ev50: percentile(delays, 50),
      ev99: percentile(delays, 99),
    };
    const s = sse[t.name]!;
    console.log(
      `| ${t.name} | ${ms(s.ttfb50)} | ${ms(s.ttfb99)} | ${ms(s.ev50)} | ${ms(s.ev99)} |`,
    );
  }
  for (const t of targets.slice(1)) {
    const d = sse.direct!;
    const s = sse[t.name]!;
    console.log(
      `added by ${t.name}: TTFB p50 ${ms(s.ttfb50 - d.ttfb50)}, p99 ${ms(s.ttfb99 - d.ttfb99)}; ` +
        `event delay p50 ${ms(s.ev50 - d.ev50)}, p99 ${ms(s.ev99 - d.ev99)}`,
    );
  }
  results.sse = sse;
}

// ---- 2. throughput ----
async function upload(t: Target): Promise<number> {
  const prefix = encoder.encode('{"data":"');
  const suffix = encoder.encode('"}');
  const chunk = new Uint8Array(64 * 1024).fill(0x61);
  let left = BIG;
  let stage = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(c) {
      if (stage === 0) {
        stage = 1;
        return c.enqueue(prefix);
      }
      if (left > 0) {
        const part = chunk.subarray(0, Math.min(chunk.length, left));
        left -= part.length;
        return c.enqueue(part);
      }
      if (stage === 1) {
        stage = 2;
        return c.enqueue(suffix);
      }
      c.close();
    },
  });
  const started = performance.now();
  const response = await fetch(`${t.url}/v1/messages?upload=1`, {
    method: "POST",
    headers: { authorization: `Bearer ${PHANTOM}`, "content-type": "application/json" },
    body,
  });
  await response.text();
  return (performance.now() - started) / 1000;
}

async function download(t: Target): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${t.url}/v1/messages?download=1`, {
    method: "POST",
    headers: { authorization: `Bearer ${PHANTOM}` },
    body: "{}",
  });
  let n = 0;
  for await (const c of response.body!) n += c.byteLength;
  if (n !== BIG) throw new Error(`downloaded ${n} bytes`);
  return (performance.now() - started) / 1000;
}

// The CONNECT tunnel: raw HTTP/1.1 over a tunnel through the egress proxy.
async function tunnel(): Promise<Deno.Conn> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port: egressPort });
  await conn.write(
    encoder.encode(
      `CONNECT 127.0.0.1:${upstream.addr.port} HTTP/1.1\r\nHost: 127.0.0.1:${upstream.addr.port}\r\n\r\n`,
    ),
  );
  const buf = new Uint8Array(1024);
  let got = "";
  while (!got.includes("\r\n\r\n")) {
    const n = await conn.read(buf);
    if (n === null) throw new Error("tunnel closed");
    got += new TextDecoder().decode(buf.subarray(0, n));
  }
  if (!got.startsWith("HTTP/1.1 200")) throw new Error(got);
  return conn;
}

async function rawExchange(conn: Deno.Conn, direction: "upload" | "download"): Promise<number> {
  const started = performance.now();
  const head = direction === "upload"
    ? `POST /?upload=1 HTTP/1.1\r\nHost: x\r\nContent-Length: ${BIG}\r\nConnection: close\r\n\r\n`
    : `POST /?download=1 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`;
  await conn.write(encoder.encode(head));
  if (direction === "upload") {
    const chunk = new Uint8Array(64 * 1024).fill(0x61);
    for (let left = BIG; left > 0; left -= chunk.length) {
      const part = chunk.subarray(0, Math.min(chunk.length, left));
      let w = 0;
      while (w < part.length) w += await conn.write(part.subarray(w));
    }
  }
  const buf = new Uint8Array(256 * 1024);
  while ((await conn.read(buf)) !== null) { /* drain until close */ }
  conn.close();
  return (performance.now() - started) / 1000;
}

const direct = () => Deno.connect({ hostname: "127.0.0.1", port: upstream.addr.port });
if (ONLY.has("throughput")) {
  console.log(
    `\n## 2. Throughput, 50 MB (7 alternating pairs; medians, ratio = median of pairwise ratios)\n`,
  );
  console.log("| what | direct | through | ratio (through / direct) |");
  console.log("| --- | --- | --- | --- |");
  /** Runs baseline and candidate alternately (this machine is noisy); medians of each and of the pairwise ratios. */
  const paired = async (base: () => Promise<number>, through: () => Promise<number>) => {
    const b: number[] = [];
    const t: number[] = [];
    const ratios: number[] = [];
    for (let i = 0; i < 7; i++) {
      b.push(await base());
      t.push(await through());
      ratios.push(b.at(-1)! / t.at(-1)!);
    }
    return { b: percentile(b, 50), t: percentile(t, 50), ratio: percentile(ratios, 50) };
  };
  const mbps = (s: number) => `${(BIG / 1024 / 1024 / s).toFixed(0)} MB/s`;
  const throughput: Record<string, number> = {};
  for (
    const [name, base, through] of [
      ["API proxy, request body", () => upload(targets[0]!), () => upload(targets[1]!)],
      ["API proxy, response body", () => download(targets[0]!), () => download(targets[1]!)],
      [
        "CONNECT tunnel, request body",
        async () => rawExchange(await direct(), "upload"),
        async () => rawExchange(await tunnel(), "upload"),
      ],
      [
        "CONNECT tunnel, response body",
        async () => rawExchange(await direct(), "download"),
        async () => rawExchange(await tunnel(), "download"),
      ],
    ] as const
  ) {
    const { b, t, ratio } = await paired(base, through);
    throughput[name] = ratio;
    console.log(`| ${name} | ${mbps(b)} | ${mbps(t)} | ${ratio.toFixed(2)} |`);
  }
  results.throughput = throughput;
}

// ---- 3. CONNECT setup ----
if (ONLY.has("connect")) {
  const connectTimes: number[] = [];
  const tcpTimes: number[] = [];
  for (let i = 0; i < REQUESTS; i++) {
    let started = performance.now();
    const c = await direct();
    tcpTimes.push(performance.now() - started);
    c.close();
    started = performance.now();
    const t = await tunnel();
    connectTimes.push(performance.now() - started);
    t.close();
  }
  console.log(`\n## 3. CONNECT setup (${REQUESTS} tunnels; no DNS: exact address grant)\n`);
  console.log("| what | p50 | p99 |");
  console.log("| --- | --- | --- |");
  console.log(
    `| bare TCP connect (baseline) | ${ms(percentile(tcpTimes, 50))} | ${
      ms(percentile(tcpTimes, 99))
    } |`,
  );
  console.log(
    `| CONNECT through the egress proxy | ${ms(percentile(connectTimes, 50))} | ${
      ms(percentile(connectTimes, 99))
    } |`,
  );
  results.connect = {
    p50: percentile(connectTimes, 50),
    p99: percentile(connectTimes, 99),
    tcpP50: percentile(tcpTimes, 50),
  };
}

// ---- 4. concurrent streams ----
if (ONLY.has("soak")) {
  console.log(
    `\n## 4. ${STREAMS} concurrent SSE streams through one API proxy (loopback port) for ${SOAK_SECONDS} s\n`,
  );
  const rssBefore = proxyRss();
  let rssPeak = rssBefore;
  const sampler = setInterval(() => rssPeak = Math.max(rssPeak, proxyRss()), 500);
  let errors = 0;
  let events = 0;
  const deadline = performance.now() + SOAK_SECONDS * 1000;
  await Promise.all(
    Array.from({ length: STREAMS }, async () => {
      while (performance.now() < deadline) {
        try {
          const response = await fetch(
            `http://127.0.0.1:${apiPort}/v1/messages?every=100&count=50`,
            { method: "POST", headers: { authorization: `Bearer ${PHANTOM}` }, body: "{}" },
          );
          if (response.status !== 200) errors++;
          const text = await response.text();
          events += text.split("\n\n").length - 1;
        } catch {
          errors++;
        }
      }
    }),
  );
  clearInterval(sampler);
  const rssAfter = proxyRss();
  const mb = (n: number) => `${(n / 1048576).toFixed(1)} MB`;
  console.log(
    `errors: ${errors}; events delivered: ${events}; proxy process RSS: ${mb(rssBefore)} before, ` +
      `peak ${mb(rssPeak)}, ${mb(rssAfter)} after (growth ${mb(rssAfter - rssBefore)})`,
  );
  results.soak = {
    streams: STREAMS,
    seconds: SOAK_SECONDS,
    errors,
    events,
    rssGrowthMb: (rssAfter - rssBefore) / 1024 / 1024,
  };
}

console.log(`\n${JSON.stringify(results)}`);
socat.kill();
await socat.status;
await proxies.stdin.close();
await proxies.status;
await upstream.shutdown();
await Deno.remove(dir, { recursive: true });
