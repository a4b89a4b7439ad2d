/**
 * Bottle's proxies next to the usual peers, in one run, on loopback only:
 * squid and tinyproxy (forward proxies) for the egress proxy, nginx (a reverse
 * proxy with `proxy_buffering off`) for the API proxy's SSE. Each peer is used
 * only if installed — this script installs nothing — and is started here on
 * a loopback port with a minimal config in a temp folder. A bare Deno tunnel
 * with no checks (`_bare_connect_proxy.ts`) runs beside them in parts 1, 2
 * and 4, as the floor of Deno's connection API. Rounds are
 * interleaved (every proxy once per round) and each figure is the median over
 * the rounds; ratios are peer / bottle.
 *
 *  1. CONNECT setup p50/p99 (bottle, squid, tinyproxy, bare TCP).
 *  2. CPU per tunnel: utime+stime of the proxy process (/proc/PID/stat) over
 *     a batch of tunnels, each carrying one small request.
 *  3. Plain-HTTP absolute-form GET req/s on one keep-alive client connection.
 *  4. Memory per idle tunnel: RSS growth of the proxy process with 200 open
 *     tunnels, each having carried one small request. Deno processes are
 *     measured fresh (warmed up) and run a full garbage collection before each
 *     reading (`gc` on their standard input), so what is read is what the
 *     tunnels hold, not garbage; their JS heap + buffers per tunnel is shown too.
 *  5. SSE time to first byte through the API proxy vs nginx (and direct).
 *
 * Run: `deno run -A tests/bench/peers_bench.ts` (Linux; benchmarks only, never
 * in CI). BENCH_ROUNDS (default 5) scales it. BENCH_BASELINE=DIR also runs the
 * proxies of another checkout (say `git worktree add /tmp/base main`) as
 * "bottle (baseline)" in the same rounds, for a before/after from one run.
 * BENCH_ONLY=3,5 runs only those parts. BENCH_CPU_TUNNELS (default 200) and
 * BENCH_IDLE_TUNNELS (default 200) size parts 2 and 4; BENCH_AUDIT=1 has
 * bottle's egress proxies write their audit log to a file, as a supervisor
 * does (by default its lines go nowhere); BENCH_VERBOSE=1 prints each round.
 */
import { SUPERVISOR_V8_FLAGS } from "../../cli/supervisor/self_command.ts";

const ROUNDS = Number(Deno.env.get("BENCH_ROUNDS") ?? 5);
const ONLY = Deno.env.get("BENCH_ONLY")?.split(",").map(Number);
const only = (part: number) => ONLY === undefined || ONLY.includes(part);
const CONNECTS_PER_ROUND = 100;
const CPU_TUNNELS_PER_ROUND = Number(Deno.env.get("BENCH_CPU_TUNNELS") ?? 200);
const GET_SECONDS = 1;
const IDLE_TUNNELS = Number(Deno.env.get("BENCH_IDLE_TUNNELS") ?? 200);
const AUDIT = Deno.env.get("BENCH_AUDIT") === "1";
const VERBOSE = Deno.env.get("BENCH_VERBOSE") === "1";
const SSE_PER_ROUND = 50;
const PHANTOM = "sk-ant-oat01-bench-phantom";
const encoder = new TextEncoder();
const decoder = new TextDecoder();
const TICK_MS = 10; // USER_HZ is 100 on Linux

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}
const median = (values: number[]) => percentile(values, 50);

// ---- upstream: a small body, and SSE ----
const SMALL = "x".repeat(100);
const upstream = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, (req) => {
  const url = new URL(req.url);
  if (url.pathname === "/v1/messages") {
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
  return new Response(SMALL);
});
const upPort = upstream.addr.port;
const dir = await Deno.makeTempDir({ prefix: "bottle-peers-" });

// ---- the proxies ----
interface Proxy {
  name: string;
  port: number;
  pid: number;
  stop(): Promise<void>;
  /**
   * Lets the process settle before its memory is read: a full collection for
   * a Deno process, which answers with its JS heap and buffer bytes.
   */
  settle?(): Promise<{ heapUsed: number; external: number }>;
  /** A fresh process of the same proxy (Deno processes only). */
  fresh?(): Promise<Proxy>;
}

function freePort(): number {
  const l = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (l.addr as Deno.NetAddr).port;
  l.close();
  return port;
}

function installed(bin: string): string | undefined {
  for (const d of ["/usr/sbin", "/usr/bin", "/usr/local/sbin", "/usr/local/bin", "/sbin"]) {
    try {
      Deno.statSync(`${d}/${bin}`);
      return `${d}/${bin}`;
    } catch { /* not here */ }
  }
  return undefined;
}

async function waitForPort(port: number, child: Deno.ChildProcess): Promise<boolean> {
  let exited = false;
  child.status.then(() => exited = true);
  for (let i = 0; i < 100 && !exited; i++) {
    try {
      (await Deno.connect({ hostname: "127.0.0.1", port })).close();
      return true;
    } catch {
      await new Promise((r) => setTimeout(r, 100));
    }
  }
  return false;
}

/** Starts a peer; undefined (with the reason in `notes`) when missing or failing. */
async function startPeer(
  name: string,
  bin: string,
  config: (port: number, dir: string) => { file: string; text: string; args: string[] },
): Promise<Proxy | undefined> {
  const path = installed(bin);
  if (path === undefined) {
    notes[name] = "not installed";
    return undefined;
  }
  const peerDir = `${dir}/${name}`;
  await Deno.mkdir(peerDir);
  // Peers started as root drop to their own user, which must write its logs here.
  await Deno.chmod(peerDir, 0o777);
  const port = freePort();
  const { file, text, args } = config(port, peerDir);
  await Deno.writeTextFile(file, text);
  const child = new Deno.Command(path, { args, stdin: "null", stdout: "null", stderr: "null" })
    .spawn();
  if (!(await waitForPort(port, child))) {
    notes[name] = "did not start";
    try {
      child.kill("SIGKILL");
    } catch { /* gone */ }
    await child.status;
    return undefined;
  }
  return {
    name,
    port,
    pid: child.pid,
    stop: async () => {
      try {
        child.kill("SIGTERM");
      } catch { /* gone */ }
      const t = setTimeout(() => {
        try {
          child.kill("SIGKILL");
        } catch { /* gone */ }
      }, 3000);
      await child.status;
      clearTimeout(t);
    },
  };
}

const notes: Record<string, string> = {};

let processes = 0;

/**
 * Starts a Deno proxy script (`_proxies_process.ts` of a checkout, or the bare
 * tunnel) in its own process, as a supervisor would (with its V8 flags), with `gc` available.
 */
async function startDeno(name: string, script: string): Promise<Proxy & { apiPort: number }> {
  const id = ++processes;
  const child = new Deno.Command(Deno.execPath(), {
    args: [
      "run",
      "-A",
      `--v8-flags=--expose-gc,${SUPERVISOR_V8_FLAGS.join(",")}`, // as a supervisor runs
      script,
      `http://127.0.0.1:${upPort}`,
      String(upPort),
      `${dir}/api-${id}.sock`,
      PHANTOM,
    ],
    stdin: "piped",
    stdout: "piped",
    env: AUDIT ? { BOTTLE_BENCH_AUDIT: `${dir}/audit-${id}.jsonl` } : {},
  }).spawn();
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  while (!text.includes("\n")) {
    const r = await reader.read();
    if (r.done) throw new Error(`the ${name} process ended`);
    text += r.value;
  }
  const first = JSON.parse(text.slice(0, text.indexOf("\n")));
  // Keep draining its RSS ticker so the pipe never fills, and hand on each answer to "gc".
  let collected: ((usage: { heapUsed: number; external: number }) => void) | undefined;
  let rest = text.slice(text.indexOf("\n") + 1);
  (async () => {
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      rest += r.value;
      for (let end = rest.indexOf("\n"); end !== -1; end = rest.indexOf("\n")) {
        const line = rest.slice(0, end);
        if (line.startsWith('{"gc":')) collected?.(JSON.parse(line));
        rest = rest.slice(end + 1);
      }
    }
  })();
  const stdin = child.stdin.getWriter();
  return {
    name,
    port: first.egressPort,
    apiPort: first.apiPort,
    pid: child.pid,
    stop: async () => {
      await stdin.close();
      await child.status;
    },
    settle: async () => {
      const answered = new Promise<{ heapUsed: number; external: number }>((resolve) =>
        collected = resolve
      );
      await stdin.write(encoder.encode("gc\n"));
      return await answered;
    },
    fresh: () => startDeno(name, script),
  };
}

/** Starts bottle's two proxies from the checkout at `tree` in their own process. */
function startBottle(name: string, tree: URL): Promise<Proxy & { apiPort: number }> {
  return startDeno(name, new URL("tests/bench/_proxies_process.ts", tree).pathname);
}

const bottle = await startBottle("bottle", new URL("../../", import.meta.url));
const bottleApiPort = bottle.apiPort;
const baselineDir = Deno.env.get("BENCH_BASELINE");
const baseline = baselineDir === undefined
  ? undefined
  : await startBottle("bottle (baseline)", new URL(`file://${Deno.realPathSync(baselineDir)}/`));

const squid = await startPeer("squid", "squid", (port, d) => ({
  file: `${d}/squid.conf`,
  text: [
    `http_port 127.0.0.1:${port}`,
    "acl localhost src 127.0.0.1/32",
    "http_access allow localhost",
    "http_access deny all",
    "cache deny all",
    "cache_mem 8 MB",
    `pid_filename ${d}/squid.pid`,
    `access_log none`,
    `cache_log ${d}/cache.log`,
    `coredump_dir ${d}`,
    "shutdown_lifetime 0 seconds",
    "max_filedescriptors 4096",
    "",
  ].join("\n"),
  args: ["-N", "-f", `${d}/squid.conf`],
}));
const tinyproxy = await startPeer("tinyproxy", "tinyproxy", (port, d) => ({
  file: `${d}/tinyproxy.conf`,
  text: [
    `Port ${port}`,
    "Listen 127.0.0.1",
    "Allow 127.0.0.1",
    `ConnectPort ${upPort}`,
    "MaxClients 1000",
    "Timeout 600",
    "LogLevel Critical",
    `LogFile "${d}/tinyproxy.log"`,
    "",
  ].join("\n"),
  args: ["-d", "-c", `${d}/tinyproxy.conf`],
}));
const nginx = await startPeer("nginx", "nginx", (port, d) => ({
  file: `${d}/nginx.conf`,
  text: `worker_processes 1;
error_log ${d}/error.log;
pid ${d}/nginx.pid;
events { worker_connections 1024; }
http {
  access_log off;
  client_body_temp_path ${d}/body;
  proxy_temp_path ${d}/proxy;
  fastcgi_temp_path ${d}/fastcgi;
  uwsgi_temp_path ${d}/uwsgi;
  scgi_temp_path ${d}/scgi;
  upstream up { server 127.0.0.1:${upPort}; keepalive 16; }
  server {
    listen 127.0.0.1:${port};
    location / {
      proxy_pass http://up;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_buffering off;
    }
  }
}
`,
  args: ["-c", `${d}/nginx.conf`, "-p", d, "-g", "daemon off;"],
}));

const forward = [bottle, baseline, squid, tinyproxy].filter((p): p is Proxy => p !== undefined);
/** The floor for a Deno CONNECT proxy: tunnels only, no checks (parts 1, 2 and 4). */
const bare = await startDeno(
  "bare Deno tunnel (no checks)",
  new URL("./_bare_connect_proxy.ts", import.meta.url).pathname,
);
const tunnelers = [...forward, bare];
const missing = (name: string) => notes[name] ?? "";

// ---- helpers ----
async function readHead(conn: Deno.Conn, carry: Uint8Array): Promise<[string, Uint8Array]> {
  let buf = carry;
  const chunk = new Uint8Array(16 * 1024);
  for (;;) {
    const text = decoder.decode(buf);
    const end = text.indexOf("\r\n\r\n");
    if (end !== -1) {
      return [text.slice(0, end), buf.subarray(encoder.encode(text.slice(0, end + 4)).length)];
    }
    const n = await conn.read(chunk);
    if (n === null) throw new Error("closed inside a head");
    const next = new Uint8Array(buf.length + n);
    next.set(buf);
    next.set(chunk.subarray(0, n), buf.length);
    buf = next;
  }
}

/** Reads one response with a Content-Length body; returns the bytes read past it and whether it may be reused. */
async function readResponse(conn: Deno.Conn, carry: Uint8Array): Promise<[Uint8Array, boolean]> {
  const [head, rest] = await readHead(conn, carry);
  if (!/^HTTP\/1\.[01] 200/.test(head)) throw new Error(head.split("\r\n")[0]);
  const length = Number(/\r\ncontent-length:\s*(\d+)/i.exec(head)?.[1] ?? NaN);
  if (Number.isNaN(length)) throw new Error("no content-length");
  let got = rest;
  const chunk = new Uint8Array(16 * 1024);
  while (got.length < length) {
    const n = await conn.read(chunk);
    if (n === null) throw new Error("closed inside a body");
    const next = new Uint8Array(got.length + n);
    next.set(got);
    next.set(chunk.subarray(0, n), got.length);
    got = next;
  }
  const close = /\r\n(proxy-)?connection:\s*close/i.test(head) || head.startsWith("HTTP/1.0") &&
      !/\r\n(proxy-)?connection:\s*keep-alive/i.test(head);
  return [got.subarray(length), !close];
}

async function openTunnel(port: number): Promise<Deno.Conn> {
  const conn = await Deno.connect({ hostname: "127.0.0.1", port });
  await conn.write(
    encoder.encode(`CONNECT 127.0.0.1:${upPort} HTTP/1.1\r\nHost: 127.0.0.1:${upPort}\r\n\r\n`),
  );
  const [head, rest] = await readHead(conn, new Uint8Array(0));
  if (!/^HTTP\/1\.[01] 200/.test(head) || rest.length > 0) {
    conn.close();
    throw new Error(`CONNECT: ${head.split("\r\n")[0]}`);
  }
  return conn;
}

const ORIGIN_GET = encoder.encode(`GET /small HTTP/1.1\r\nHost: 127.0.0.1:${upPort}\r\n\r\n`);
async function getThrough(conn: Deno.Conn): Promise<void> {
  await conn.write(ORIGIN_GET);
  await readResponse(conn, new Uint8Array(0));
}

function cpuTicks(pid: number): number {
  const stat = Deno.readTextFileSync(`/proc/${pid}/stat`);
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]); // utime, stime
}

function rssBytes(pid: number): number {
  const status = Deno.readTextFileSync(`/proc/${pid}/status`);
  return Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1] ?? NaN) * 1024;
}

const bareTcp = () => Deno.connect({ hostname: "127.0.0.1", port: upPort });
const fmt = (n: number, digits = 3) => Number.isFinite(n) ? n.toFixed(digits) : "—";
const ratio = (peer: number, base: number) =>
  Number.isFinite(peer / base) ? (peer / base).toFixed(2) : "—";
const results: Record<string, unknown> = {};

console.log(
  `# Bottle next to its peers (loopback, ${ROUNDS} interleaved rounds, medians over rounds)`,
);
for (const name of ["squid", "tinyproxy", "nginx"]) {
  if (notes[name]) console.log(`- ${name}: ${notes[name]}`);
}

try {
  // warm-up
  for (const p of tunnelers) {
    for (let i = 0; i < 20; i++) {
      const t = await openTunnel(p.port);
      await getThrough(t);
      t.close();
    }
  }

  // ---- 1. CONNECT setup ----
  if (only(1)) {
    const names = ["bare TCP", ...tunnelers.map((p) => p.name)];
    const p50s: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
    const p99s: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
    for (let r = 0; r < ROUNDS; r++) {
      const runs: [string, () => Promise<Deno.Conn>][] = [
        ["bare TCP", bareTcp],
        ...tunnelers.map((p) =>
          [p.name, () => openTunnel(p.port)] as [string, () => Promise<Deno.Conn>]
        ),
      ];
      for (const [name, open] of runs) {
        const times: number[] = [];
        for (let i = 0; i < CONNECTS_PER_ROUND; i++) {
          const started = performance.now();
          const c = await open();
          times.push(performance.now() - started);
          c.close();
        }
        p50s[name]!.push(percentile(times, 50));
        p99s[name]!.push(percentile(times, 99));
      }
    }
    console.log(`\n## 1. CONNECT setup (${CONNECTS_PER_ROUND} per proxy per round)\n`);
    console.log("| proxy | p50 | p99 | p50 ratio to bottle | p99 ratio to bottle |");
    console.log("| --- | --- | --- | --- | --- |");
    const b50 = median(p50s.bottle!);
    const b99 = median(p99s.bottle!);
    const out: Record<string, { p50: number; p99: number }> = {};
    for (const name of names) {
      const m50 = median(p50s[name]!);
      const m99 = median(p99s[name]!);
      out[name] = { p50: m50, p99: m99 };
      console.log(
        `| ${name} | ${fmt(m50)} ms | ${fmt(m99)} ms | ${ratio(m50, b50)} | ${ratio(m99, b99)} |`,
      );
    }
    for (const name of ["squid", "tinyproxy"]) {
      if (missing(name)) console.log(`| ${name} | ${missing(name)} | | | |`);
    }
    results.connect = out;
  }

  // ---- 2. CPU per tunnel ----
  if (only(2)) {
    const perTunnel: Record<string, number[]> = Object.fromEntries(
      tunnelers.map((p) => [p.name, []]),
    );
    for (let r = 0; r < ROUNDS; r++) {
      for (const p of tunnelers) {
        const before = cpuTicks(p.pid);
        for (let i = 0; i < CPU_TUNNELS_PER_ROUND; i++) {
          const t = await openTunnel(p.port);
          await getThrough(t);
          t.close();
        }
        await new Promise((res) => setTimeout(res, 50)); // let the proxy finish its closes
        perTunnel[p.name]!.push(((cpuTicks(p.pid) - before) * TICK_MS) / CPU_TUNNELS_PER_ROUND);
      }
    }
    console.log(
      `\n## 2. Proxy CPU per tunnel (CONNECT + one small GET + close; ${CPU_TUNNELS_PER_ROUND} per round; /proc utime+stime, 10 ms ticks)\n`,
    );
    console.log("| proxy | CPU per tunnel | ratio to bottle |");
    console.log("| --- | --- | --- |");
    const base = median(perTunnel.bottle!);
    const out: Record<string, number> = {};
    for (const p of tunnelers) {
      const m = median(perTunnel[p.name]!);
      out[p.name] = m;
      console.log(`| ${p.name} | ${fmt(m)} ms | ${ratio(m, base)} |`);
    }
    for (const name of ["squid", "tinyproxy"]) {
      if (missing(name)) console.log(`| ${name} | ${missing(name)} | |`);
    }
    results.cpuPerTunnelMs = out;
  }

  // ---- 3. plain-HTTP absolute-form GET on one keep-alive connection ----
  if (only(3)) {
    const absolute = encoder.encode(
      `GET http://127.0.0.1:${upPort}/small HTTP/1.1\r\nHost: 127.0.0.1:${upPort}\r\n\r\n`,
    );
    const rates: Record<string, number[]> = Object.fromEntries(forward.map((p) => [p.name, []]));
    const cpu: Record<string, number[]> = Object.fromEntries(forward.map((p) => [p.name, []]));
    const reconnects: Record<string, number> = Object.fromEntries(forward.map((p) => [p.name, 0]));
    for (let r = 0; r < ROUNDS; r++) {
      for (const p of forward) {
        let conn = await Deno.connect({ hostname: "127.0.0.1", port: p.port });
        conn.setNoDelay(true);
        let carry: Uint8Array = new Uint8Array(0);
        let n = 0;
        const ticks = cpuTicks(p.pid);
        const started = performance.now();
        const until = started + GET_SECONDS * 1000;
        while (performance.now() < until) {
          await conn.write(absolute);
          let answer: [Uint8Array, boolean];
          try {
            answer = await readResponse(conn, carry);
          } catch (e) {
            // Closed between requests without saying so: count it, reconnect, ask again.
            if (!(e instanceof Error) || e.message !== "closed inside a head" || carry.length) {
              throw e;
            }
            conn.close();
            reconnects[p.name]!++;
            conn = await Deno.connect({ hostname: "127.0.0.1", port: p.port });
            conn.setNoDelay(true);
            await conn.write(absolute);
            answer = await readResponse(conn, carry);
          }
          const [rest, reusable] = answer;
          carry = rest;
          n++;
          if (!reusable) {
            conn.close();
            reconnects[p.name]!++;
            conn = await Deno.connect({ hostname: "127.0.0.1", port: p.port });
            conn.setNoDelay(true);
            carry = new Uint8Array(0);
          }
        }
        rates[p.name]!.push(n / ((performance.now() - started) / 1000));
        cpu[p.name]!.push(((cpuTicks(p.pid) - ticks) * TICK_MS * 1000) / n);
        conn.close();
      }
    }
    console.log(
      `\n## 3. Plain-HTTP absolute-form GET, one keep-alive client connection (${GET_SECONDS} s per round)\n`,
    );
    console.log(
      "| proxy | req/s | ratio to bottle | proxy CPU per request | reconnects (proxy closed the connection) |",
    );
    console.log("| --- | --- | --- | --- | --- |");
    const base = median(rates.bottle!);
    const out: Record<string, number> = {};
    const cpuOut: Record<string, number> = {};
    for (const p of forward) {
      const m = median(rates[p.name]!);
      out[p.name] = m;
      cpuOut[p.name] = median(cpu[p.name]!);
      console.log(
        `| ${p.name} | ${fmt(m, 0)} | ${ratio(m, base)} | ${fmt(cpuOut[p.name]!, 0)} µs | ${
          reconnects[p.name]
        } |`,
      );
    }
    for (const name of ["squid", "tinyproxy"]) {
      if (missing(name)) console.log(`| ${name} | ${missing(name)} | | | |`);
    }
    results.getPerSecond = out;
    results.getCpuMicros = cpuOut;
  }

  // ---- 4. memory per idle tunnel ----
  if (only(4)) {
    // Deno proxies are measured in fresh processes, warmed up like the others: one that has
    // served the parts above has heap pages to spare, and new tunnels would fit in them.
    const measured = await Promise.all(tunnelers.map((p) => p.fresh?.() ?? p));
    for (const p of measured) {
      if (tunnelers.includes(p)) continue;
      for (let i = 0; i < 100; i++) {
        const t = await openTunnel(p.port);
        await getThrough(t);
        t.close();
      }
    }
    const perTunnel: Record<string, number[]> = Object.fromEntries(
      measured.map((p) => [p.name, []]),
    );
    const liveBytes: Record<string, number[]> = {};
    // Tunnels stay open across rounds (closed at the end), so each round's growth is new memory,
    // not memory the previous round freed and the allocator kept.
    const rounds = Math.min(ROUNDS, 3);
    const held: Deno.Conn[] = [];
    for (let r = 0; r < rounds; r++) {
      for (const p of measured) {
        await new Promise((res) => setTimeout(res, 300));
        const settled = await p.settle?.();
        const before = rssBytes(p.pid);
        for (let i = 0; i < IDLE_TUNNELS; i++) {
          const t = await openTunnel(p.port);
          await getThrough(t);
          held.push(t);
        }
        await new Promise((res) => setTimeout(res, 500));
        const after = await p.settle?.();
        perTunnel[p.name]!.push((rssBytes(p.pid) - before) / IDLE_TUNNELS);
        if (settled !== undefined && after !== undefined) {
          const live = after.heapUsed + after.external - settled.heapUsed - settled.external;
          (liveBytes[p.name] ??= []).push(live / IDLE_TUNNELS);
        }
      }
    }
    for (const t of held) t.close();
    if (VERBOSE) console.log(JSON.stringify({ perTunnel, liveBytes }));
    console.log(
      `\n## 4. Memory per idle tunnel (RSS growth per ${IDLE_TUNNELS} more open tunnels, each after one small GET; ${rounds} rounds, up to ${
        rounds * IDLE_TUNNELS
      } open; Deno processes fresh, and collected before each reading)\n`,
    );
    console.log("| proxy | RSS per tunnel | ratio to bottle | JS heap + buffers per tunnel |");
    console.log("| --- | --- | --- | --- |");
    const base = median(perTunnel.bottle!);
    const out: Record<string, number> = {};
    for (const p of measured) {
      const m = median(perTunnel[p.name]!);
      out[p.name] = m;
      const live = liveBytes[p.name] === undefined
        ? "—"
        : `${fmt(median(liveBytes[p.name]!) / 1024, 1)} KiB`;
      console.log(`| ${p.name} | ${fmt(m / 1024, 1)} KiB | ${ratio(m, base)} | ${live} |`);
    }
    for (const name of ["squid", "tinyproxy"]) {
      if (missing(name)) console.log(`| ${name} | ${missing(name)} | | |`);
    }
    results.rssPerIdleTunnelBytes = out;
    for (const p of measured) if (!tunnelers.includes(p)) await p.stop();
  }

  // ---- 5. SSE first byte: API proxy vs nginx ----
  if (only(5)) {
    const targets: [string, string][] = [
      ["direct", `http://127.0.0.1:${upPort}`],
      ["bottle API proxy", `http://127.0.0.1:${bottleApiPort}`],
    ];
    if (baseline) {
      targets.push(["bottle (baseline) API proxy", `http://127.0.0.1:${baseline.apiPort}`]);
    }
    if (nginx) targets.push(["nginx (proxy_buffering off)", `http://127.0.0.1:${nginx.port}`]);
    const sseOnce = async (url: string) => {
      const started = performance.now();
      const response = await fetch(`${url}/v1/messages`, {
        method: "POST",
        headers: { authorization: `Bearer ${PHANTOM}`, "content-type": "application/json" },
        body: "{}",
      });
      const reader = response.body!.getReader();
      let ttfb = -1;
      for (let r = await reader.read(); !r.done; r = await reader.read()) {
        if (ttfb < 0) ttfb = performance.now() - started;
      }
      return ttfb;
    };
    for (const [, url] of targets) for (let i = 0; i < 20; i++) await sseOnce(url);
    const p50s: Record<string, number[]> = Object.fromEntries(targets.map(([n]) => [n, []]));
    const p99s: Record<string, number[]> = Object.fromEntries(targets.map(([n]) => [n, []]));
    for (let r = 0; r < ROUNDS; r++) {
      for (const [name, url] of targets) {
        const times: number[] = [];
        for (let i = 0; i < SSE_PER_ROUND; i++) times.push(await sseOnce(url));
        p50s[name]!.push(percentile(times, 50));
        p99s[name]!.push(percentile(times, 99));
      }
    }
    console.log(
      `\n## 5. SSE time to first byte (${SSE_PER_ROUND} requests per round; Deno fetch client)\n`,
    );
    console.log("| path | TTFB p50 | TTFB p99 | p50 ratio to bottle | p99 ratio to bottle |");
    console.log("| --- | --- | --- | --- | --- |");
    const b50 = median(p50s["bottle API proxy"]!);
    const b99 = median(p99s["bottle API proxy"]!);
    const out: Record<string, { p50: number; p99: number }> = {};
    for (const [name] of targets) {
      const m50 = median(p50s[name]!);
      const m99 = median(p99s[name]!);
      out[name] = { p50: m50, p99: m99 };
      console.log(
        `| ${name} | ${fmt(m50)} ms | ${fmt(m99)} ms | ${ratio(m50, b50)} | ${ratio(m99, b99)} |`,
      );
    }
    if (!nginx) console.log(`| nginx | ${missing("nginx")} | | | |`);
    results.sseTtfb = out;
  }

  console.log(`\n${JSON.stringify(results)}`);
} finally {
  for (const p of [...tunnelers, nginx]) await p?.stop();
  await upstream.shutdown();
  await Deno.remove(dir, { recursive: true });
}
