/**
 * The supervisor's V8 flags (SUPERVISOR_V8_FLAGS) against V8's defaults, on
 * the proxies: two stand-in supervisors (`_proxies_process.ts`), one with the
 * flags and one without, given the same client and upstream on loopback, in
 * interleaved rounds (the order alternates). Per round and process: CONNECT
 * setup p50/p99 and CPU per tunnel; plain-HTTP GETs through the egress proxy
 * on one keep-alive connection (req/s, CPU per request); SSE through the API
 * proxy, one at a time and 50 at once (time to first byte, CPU per request); 50 MB through the API proxy
 * each way and up a CONNECT tunnel (MB/s, CPU); RSS after the round. CPU is
 * the process's own (every thread's, from /proc/PID/task/*\/schedstat), which
 * a busy machine disturbs less than wall time. Reported: medians, and the
 * median of the per-round ratios flags / defaults with how many rounds the
 * flags did better.
 *
 * Run: `deno run -A tests/bench/supervisor_flags_bench.ts` (Linux; BENCH_ROUNDS, default 11;
 * BENCH_FLAGS, a JSON list of comma-joined flag sets to compare instead).
 */
import { SUPERVISOR_V8_FLAGS } from "../../cli/supervisor/self_command.ts";

const ROUNDS = Number(Deno.env.get("BENCH_ROUNDS") ?? 11);
const FLAG_SETS: string[] = JSON.parse(
  Deno.env.get("BENCH_FLAGS") ?? JSON.stringify([SUPERVISOR_V8_FLAGS.join(",")]),
);
const BIG = 50 * 1024 * 1024;
const GETS = 1500;
const SSE_REQUESTS = 100;
const CONCURRENT = 50;
const TUNNELS = 200;
const PHANTOM = "sk-ant-oat01-bench-phantom";
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
const median = (values: number[]) => percentile(values, 50);

// ---- upstream: a small body, SSE, and 50 MB each way ----
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
  if (url.pathname === "/v1/messages") {
    await req.body?.cancel();
    let i = 0;
    return new Response(
      new ReadableStream({
        pull(c) {
          if (i++ >= 3) return c.close();
          c.enqueue(encoder.encode(`event: tick\ndata: ${i}\n\n`));
        },
      }),
      { headers: { "content-type": "text/event-stream" } },
    );
  }
  return new Response("x".repeat(100));
});
const upPort = upstream.addr.port;
const dir = await Deno.makeTempDir({ prefix: "bottle-flags-" });

// ---- the stand-in supervisors ----
interface Supervisor {
  readonly label: string;
  readonly pid: number;
  readonly egressPort: number;
  readonly apiPort: number;
  readonly child: Deno.ChildProcess;
}

async function startSupervisor(label: string, flags: string, i: number): Promise<Supervisor> {
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      ...(flags === "" ? [] : [`--v8-flags=${flags}`]),
      new URL("./_proxies_process.ts", import.meta.url).pathname,
      `http://127.0.0.1:${upPort}`,
      String(upPort),
      `${dir}/api${i}.sock`,
      PHANTOM,
    ],
    stdin: "piped",
    stdout: "piped",
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("\n")) {
    const r = await reader.read();
    if (r.done) throw new Error("the proxy process ended");
    text += r.value;
  }
  (async () => {
    while (!(await reader.read()).done) { /* drain its RSS ticker */ }
  })();
  const ports = JSON.parse(text.slice(0, text.indexOf("\n")));
  return { label, pid: child.pid, egressPort: ports.egressPort, apiPort: ports.apiPort, child };
}

/** CPU time of every thread of `pid` so far, in ms. */
function cpuMs(pid: number): number {
  let ns = 0;
  for (const task of Deno.readDirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(Deno.readTextFileSync(`/proc/${pid}/task/${task.name}/schedstat`).split(" ")[0]);
    } catch {
      // The thread ended.
    }
  }
  return ns / 1e6;
}

function rssMb(pid: number): number {
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  return Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]) / 1024;
}

// ---- the workloads ----
async function tunnel(port: number): Promise<Deno.Conn> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  await conn.write(
    encoder.encode(`CONNECT 127.0.0.1:${upPort} HTTP/1.1\r\nHost: 127.0.0.1:${upPort}\r\n\r\n`),
  );
  const buf = new Uint8Array(1024);
  let got = "";
  while (!got.includes("\r\n\r\n")) {
    const n = await conn.read(buf);
    if (n === null) throw new Error("tunnel closed");
    got += decoder.decode(buf.subarray(0, n));
  }
  if (!got.startsWith("HTTP/1.1 200")) throw new Error(got);
  return conn;
}

/** GETs on one keep-alive connection; returns requests per second. */
async function gets(port: number): Promise<number> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  const request = encoder.encode(
    `GET http://127.0.0.1:${upPort}/ HTTP/1.1\r\nHost: 127.0.0.1:${upPort}\r\n\r\n`,
  );
  const buf = new Uint8Array(16384);
  const started = performance.now();
  for (let i = 0; i < GETS; i++) {
    await conn.write(request);
    let got = "";
    for (;;) {
      const n = await conn.read(buf);
      if (n === null) throw new Error("closed");
      got += decoder.decode(buf.subarray(0, n));
      const end = got.indexOf("\r\n\r\n");
      if (end < 0) continue;
      const length = Number(/content-length: (\d+)/i.exec(got)?.[1] ?? 0);
      if (got.length - end - 4 >= length) break;
    }
  }
  conn.close();
  return GETS / ((performance.now() - started) / 1000);
}

async function sseTtfb(port: number): Promise<number> {
  const started = performance.now();
  const response = await fetch(`http://127.0.0.1:${port}/v1/messages`, {
    method: "POST",
    headers: { authorization: `Bearer ${PHANTOM}`, "content-type": "application/json" },
    body: "{}",
  });
  const reader = response.body!.getReader();
  await reader.read();
  const ttfb = performance.now() - started;
  while (!(await reader.read()).done) { /* rest of the stream */ }
  return ttfb;
}

function bigBody(): ReadableStream<Uint8Array> {
  const chunk = new Uint8Array(64 * 1024).fill(0x61);
  const parts = [encoder.encode('{"data":"')];
  for (let left = BIG; left > 0; left -= chunk.length) {
    parts.push(chunk.subarray(0, Math.min(chunk.length, left)));
  }
  parts.push(encoder.encode('"}'));
  let i = 0;
  return new ReadableStream({
    pull(c) {
      if (i < parts.length) c.enqueue(parts[i++]!);
      else c.close();
    },
  });
}

async function apiUpload(port: number): Promise<number> {
  const started = performance.now();
  const response = await fetch(`http://127.0.0.1:${port}/v1/messages?upload=1`, {
    method: "POST",
    headers: { authorization: `Bearer ${PHANTOM}`, "content-type": "application/json" },
    body: bigBody(),
  });
  await response.text();
  return performance.now() - started;
}

async function apiDownload(port: number): Promise<number> {
  const started = performance.now();
  const response = await fetch(`http://127.0.0.1:${port}/v1/messages?download=1`, {
    method: "POST",
    headers: { authorization: `Bearer ${PHANTOM}` },
    body: "{}",
  });
  let n = 0;
  for await (const chunk of response.body!) n += chunk.byteLength;
  if (n !== BIG) throw new Error(`downloaded ${n} bytes`);
  return performance.now() - started;
}

async function tunnelUpload(port: number): Promise<number> {
  const conn = await tunnel(port);
  const started = performance.now();
  await conn.write(
    encoder.encode(
      `POST /?upload=1 HTTP/1.1\r\nHost: x\r\nContent-Length: ${BIG}\r\nConnection: close\r\n\r\n`,
    ),
  );
  const chunk = new Uint8Array(64 * 1024).fill(0x61);
  for (let left = BIG; left > 0; left -= chunk.length) {
    const part = chunk.subarray(0, Math.min(chunk.length, left));
    let written = 0;
    while (written < part.length) written += await conn.write(part.subarray(written));
  }
  const buf = new Uint8Array(256 * 1024);
  while ((await conn.read(buf)) !== null) { /* until the upstream closes */ }
  conn.close();
  return performance.now() - started;
}

/** Runs `work` and returns its result with the CPU the supervisor spent meanwhile. */
async function withCpu<T>(pid: number, work: () => Promise<T>): Promise<[T, number]> {
  const before = cpuMs(pid);
  const result = await work();
  await new Promise((r) => setTimeout(r, 30)); // let the proxy finish its side
  return [result, cpuMs(pid) - before];
}

const mbps = (ms: number) => BIG / 1048576 / (ms / 1000);

async function round(s: Supervisor, record: (metric: string, value: number) => void) {
  const [times, connectCpu] = await withCpu(s.pid, async () => {
    const out: number[] = [];
    for (let i = 0; i < TUNNELS; i++) {
      const started = performance.now();
      const conn = await tunnel(s.egressPort);
      out.push(performance.now() - started);
      conn.close();
    }
    return out;
  });
  record("CONNECT setup p50 (ms)", percentile(times, 50));
  record("CONNECT setup p99 (ms)", percentile(times, 99));
  record("CPU per tunnel (µs)", (connectCpu * 1000) / TUNNELS);
  const [rps, getCpu] = await withCpu(s.pid, () => gets(s.egressPort));
  record("plain-HTTP GET (req/s)", rps);
  record("CPU per GET (µs)", (getCpu * 1000) / GETS);
  const [ttfbs, sseCpu] = await withCpu(s.pid, async () => {
    const out: number[] = [];
    for (let i = 0; i < SSE_REQUESTS; i++) out.push(await sseTtfb(s.apiPort));
    return out;
  });
  record("SSE first byte p50 (ms)", percentile(ttfbs, 50));
  record("CPU per SSE request (µs)", (sseCpu * 1000) / SSE_REQUESTS);
  const [concurrent, concurrentCpu] = await withCpu(s.pid, async () => {
    const out: number[] = [];
    await Promise.all(Array.from({ length: CONCURRENT }, async () => {
      for (let i = 0; i < SSE_REQUESTS / 10; i++) out.push(await sseTtfb(s.apiPort));
    }));
    return out;
  });
  record(`SSE first byte p99, ${CONCURRENT} at once (ms)`, percentile(concurrent, 99));
  record(
    `CPU per SSE request, ${CONCURRENT} at once (µs)`,
    (concurrentCpu * 1000) / concurrent.length,
  );
  const [up, upCpu] = await withCpu(s.pid, () => apiUpload(s.apiPort));
  record("API proxy, 50 MB request (MB/s)", mbps(up));
  record("API proxy, 50 MB request (CPU ms)", upCpu);
  const [down, downCpu] = await withCpu(s.pid, () => apiDownload(s.apiPort));
  record("API proxy, 50 MB response (MB/s)", mbps(down));
  record("API proxy, 50 MB response (CPU ms)", downCpu);
  const [tun, tunCpu] = await withCpu(s.pid, () => tunnelUpload(s.egressPort));
  record("CONNECT tunnel, 50 MB up (MB/s)", mbps(tun));
  record("CONNECT tunnel, 50 MB up (CPU ms)", tunCpu);
  record("RSS after the round (MB)", rssMb(s.pid));
}

const supervisors = [await startSupervisor("V8 defaults", "", 0)];
for (const [i, flags] of FLAG_SETS.entries()) {
  supervisors.push(await startSupervisor(flags, flags, i + 1));
}
const samples = supervisors.map(() => new Map<string, number[]>());
try {
  for (let r = 0; r < ROUNDS; r++) {
    const order = supervisors.map((_, i) => i);
    if (r % 2 === 1) order.reverse();
    for (const i of order) {
      await round(supervisors[i]!, (metric, value) => {
        const list = samples[i]!.get(metric) ?? [];
        list.push(value);
        samples[i]!.set(metric, list);
      });
    }
  }
  const higherIsBetter = (metric: string) => /\/s\)$/.test(metric);
  console.log(
    `| what | ${supervisors.map((s) => s.label).join(" | ")} | ${
      supervisors.slice(1).map((s) => `${s.label} / defaults (rounds better)`).join(" | ")
    } |`,
  );
  console.log(`| --- |${" --- |".repeat(supervisors.length * 2 - 1)}`);
  for (const metric of samples[0]!.keys()) {
    const base = samples[0]!.get(metric)!;
    const ratios = supervisors.slice(1).map((_, j) => {
      const mine = samples[j + 1]!.get(metric)!;
      const perRound = mine.map((v, r) => v / base[r]!);
      const better = perRound.filter((q) => higherIsBetter(metric) ? q > 1 : q < 1).length;
      return `${median(perRound).toFixed(2)} (${better}/${perRound.length})`;
    });
    const medians = samples.map((s) =>
      median(s.get(metric)!).toFixed(metric.includes("(ms)") ? 3 : 1)
    );
    console.log(`| ${metric} | ${medians.join(" | ")} | ${ratios.join(" | ")} |`);
  }
} finally {
  for (const s of supervisors) {
    await s.child.stdin.close();
    await s.child.status;
  }
  await upstream.shutdown();
  await Deno.remove(dir, { recursive: true });
}
