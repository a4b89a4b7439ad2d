/**
 * Bottle benchmarks on a real engine, each next to a baseline from the same run:
 *  1. `bottle start --detach` until ready, against a bare `docker run -d` of the
 *     same image (median of N alternating pairs; ratio).
 *  2. The supervisor's RSS idle (with its anonymous/file split and PSS), and while one SSE
 *     stream runs through its API proxy.
 *  3. BENCH_PARALLEL bottles started at once: wall time and errors; then, all of them idle,
 *     host memory per bottle — its supervisor (RSS and PSS: the deno binary's pages are
 *     shared between supervisors, so PSS is what one more bottle costs), the processes the
 *     supervisor keeps running (the docker CLI that follows the bottle's output), and its
 *     container (the engine's cgroup usage, `docker stats --no-stream`).
 * Only loopback and the project's own containers are contacted.
 *
 * Run: `deno run -A tests/bench/bottle_bench.ts` (BENCH_PAIRS, default 7; BENCH_PARALLEL,
 * default 20; BENCH_ONLY=memory skips the start-time pairs; BENCH_SETTLE_MS, default 15000, is
 * how long bottles idle before their memory is read).
 */
import { join } from "node:path";
import { runDocker } from "../../cli/engine/docker.ts";
import { AGENT_LATEST } from "../../cli/image/image_tag.ts";
import { type BottleFixture, bottleFixture } from "../helpers/bottle_fixture.ts";
import type { SseEvent } from "../helpers/fake_messages_api.ts";

const PAIRS = Number(Deno.env.get("BENCH_PAIRS") ?? 7);
const PARALLEL = Number(Deno.env.get("BENCH_PARALLEL") ?? 20);
const MEMORY_ONLY = Deno.env.get("BENCH_ONLY") === "memory";
/** How long bottles settle before memory is read: the agent's start-up traffic is over by then. */
const SETTLE_MS = Number(Deno.env.get("BENCH_SETTLE_MS") ?? 15_000);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

function mb(kb: number): number {
  return Math.round(kb / 102.4) / 10;
}

/** One field of a `/proc` file in kB (NaN when absent). */
function procKb(text: string, field: string): number {
  return Number(new RegExp(`^${field}:\\s+(\\d+)`, "m").exec(text)?.[1] ?? NaN);
}

/** A process's memory: resident (anonymous, file-backed) and proportional set size, in MB. */
interface ProcessMemory {
  readonly rss: number;
  readonly anon: number;
  readonly file: number;
  readonly pss: number;
}

async function processMemory(pid: number): Promise<ProcessMemory> {
  const status = await Deno.readTextFile(`/proc/${pid}/status`);
  const rollup = await Deno.readTextFile(`/proc/${pid}/smaps_rollup`);
  return {
    rss: mb(procKb(status, "VmRSS")),
    anon: mb(procKb(status, "RssAnon")),
    file: mb(procKb(status, "RssFile")),
    pss: mb(procKb(rollup, "Pss")),
  };
}

/** The PSS (MB) of every process `pid` has started and that still runs, and how many there are. */
async function childrenPss(pid: number): Promise<{ pss: number; count: number }> {
  let pss = 0;
  let count = 0;
  for await (const task of Deno.readDir(`/proc/${pid}/task`)) {
    const children = await Deno.readTextFile(`/proc/${pid}/task/${task.name}/children`)
      .catch(() => "");
    for (const child of children.split(" ").filter((c) => c !== "")) {
      const rollup = await Deno.readTextFile(`/proc/${child}/smaps_rollup`).catch(() => "");
      if (rollup === "") continue;
      pss += mb(procKb(rollup, "Pss"));
      count++;
    }
  }
  return { pss, count };
}

async function rssMb(pid: number): Promise<number> {
  return (await processMemory(pid)).rss;
}

function describe(memory: ProcessMemory): string {
  return `RSS ${memory.rss} MB (anon ${memory.anon}, file ${memory.file}), PSS ${memory.pss} MB`;
}

async function supervisorPid(stateRoot: string, name: string): Promise<number> {
  const text = await Deno.readTextFile(join(stateRoot, name, "supervisor.json"));
  return (JSON.parse(text) as { pid: number }).pid;
}

/** Each running container's memory in MB, by container name (`docker stats --no-stream`). */
async function containerMemory(): Promise<Map<string, number>> {
  const stats = await runDocker(["stats", "--no-stream", "--format", "{{.Name}} {{.MemUsage}}"]);
  const out = new Map<string, number>();
  const units: Record<string, number> = { B: 1 / 2 ** 20, KiB: 1 / 1024, MiB: 1, GiB: 1024 };
  for (const line of stats.stdout.split("\n")) {
    const match = /^(\S+) ([\d.]+)(B|KiB|MiB|GiB) \//.exec(line);
    if (match) out.set(match[1]!, Number(match[2]) * (units[match[3]!] ?? NaN));
  }
  return out;
}

/**
 * Has the bottle's egress proxy built, as Claude Code's own start-up does within a second or so
 * (a refused update check) — slower when many bottles start at once: one plain-HTTP request to a
 * TEST-NET-1 address no allowlist grants, refused by the proxy before anything is dialled.
 */
async function buildEgressProxy(f: BottleFixture, name: string): Promise<void> {
  const run = await f.bottle([
    "exec",
    name,
    "--",
    "sh",
    "-c",
    "curl -s -m 10 -o /dev/null -w '%{http_code}' http://192.0.2.1/",
  ]);
  if (run.stdout.trim() !== "403") throw new Error(`egress answered ${run.stdout} ${run.stderr}`);
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}

/** 1. `bottle start --detach` until ready against a bare `docker run -d`, and the CLI's start-up. */
async function startTimes(f: BottleFixture): Promise<void> {
  const bottleTimes: number[] = [];
  const bareTimes: number[] = [];
  for (let i = 0; i < PAIRS; i++) {
    let t = performance.now();
    const bare = await runDocker([
      "run",
      "-d",
      "--name",
      `bottle-bench-bare-${i}`,
      AGENT_LATEST,
      "sleep",
      "600",
    ]);
    bareTimes.push(performance.now() - t);
    if (bare.code !== 0) throw new Error(bare.stderr);
    await runDocker(["rm", "-f", `bottle-bench-bare-${i}`]);

    t = performance.now();
    const run = await f.bottle(["start", "--detach", "--yes", "--name", `bench-${i}`]);
    bottleTimes.push(performance.now() - t);
    if (run.code !== 0) throw new Error(run.stderr);
    await f.bottle(["stop", `bench-${i}`]);
  }
  const bottleMs = median(bottleTimes);
  const bareMs = median(bareTimes);
  // The launcher's own start-up from source (a compiled binary starts faster): `bottle --version`.
  const startupTimes: number[] = [];
  for (let i = 0; i < PAIRS; i++) {
    const t = performance.now();
    await f.bottle(["--version"]);
    startupTimes.push(performance.now() - t);
  }
  const startupMs = median(startupTimes);
  console.log(
    `start --detach until ready: ${bottleMs.toFixed(0)} ms median; bare docker run -d: ${
      bareMs.toFixed(0)
    } ms; ratio ${(bottleMs / bareMs).toFixed(2)} (goal ≤ 1.5); without the launcher's ${
      startupMs.toFixed(0)
    } ms interpreter start-up: ratio ${((bottleMs - startupMs) / bareMs).toFixed(2)}`,
  );
}

const f = await bottleFixture("bottle-bench-");
try {
  // 1. start --detach vs bare docker run -d.
  if (!MEMORY_ONLY) await startTimes(f);

  // 2. Supervisor RSS, idle and with one active stream.
  const run = await f.bottle(["start", "--detach", "--yes", "--name", "bench-rss"]);
  if (run.code !== 0) throw new Error(run.stderr);
  const pid = await supervisorPid(f.stateRoot, "bench-rss");
  await buildEgressProxy(f, "bench-rss");
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const idleMemory = await processMemory(pid);
  const idle = idleMemory.rss;
  console.log(`supervisor idle: ${describe(idleMemory)}`);
  const events: SseEvent[] = Array.from({ length: 60 }, (_, i) => ({
    event: "content_block_delta",
    data: { type: "content_block_delta", index: 0, delta: { type: "text_delta", text: `x${i}` } },
  }));
  f.api.script({ events, before: () => new Promise((resolve) => setTimeout(resolve, 50)) });
  const stream = f.bottle([
    "exec",
    "bench-rss",
    "--",
    "sh",
    "-c",
    'curl -sS -N http://127.0.0.1:8080/v1/messages -H "authorization: Bearer $CLAUDE_CODE_OAUTH_TOKEN" ' +
    `-H "content-type: application/json" -d '{"model":"m","max_tokens":1,"messages":[],"stream":true}' | wc -c`,
  ]);
  await new Promise((resolve) => setTimeout(resolve, 1500));
  const streaming = await rssMb(pid);
  const streamed = await stream;
  console.log(
    `supervisor RSS: idle ${idle} MB, with one active SSE stream ${streaming} MB (stream delivered ${streamed.stdout.trim()} bytes)`,
  );
  await f.bottle(["stop", "bench-rss"]);

  // 3. PARALLEL bottles at once, then their memory while all are idle.
  const started = performance.now();
  const runs = await Promise.all(
    Array.from(
      { length: PARALLEL },
      (_, i) => f.bottle(["start", "--detach", "--yes", "--name", `bench-par-${i}`]),
    ),
  );
  const wall = performance.now() - started;
  const errors = runs.filter((r) => r.code !== 0);
  console.log(
    `${PARALLEL} bottles started at once: ${
      (wall / 1000).toFixed(2)
    } s wall, ${errors.length} errors`,
  );
  for (const error of errors) console.log(error.stderr.split("\n").slice(-3).join("\n"));
  const names = Array.from({ length: PARALLEL }, (_, i) => `bench-par-${i}`)
    .filter((_, i) => runs[i]?.code === 0);
  await Promise.all(names.map((name) => buildEgressProxy(f, name)));
  await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
  const pids = await Promise.all(names.map((name) => supervisorPid(f.stateRoot, name)));
  const supervisors = await Promise.all(pids.map(processMemory));
  const children = await Promise.all(pids.map(childrenPss));
  const containers = await containerMemory();
  const containerMb = names.map((name) => containers.get(`bottle-${name}`) ?? NaN);
  const n = names.length;
  const avg = (values: number[]) => (sum(values) / n).toFixed(1);
  console.log(
    `${n} idle bottles, per bottle (mean): supervisor RSS ${
      avg(supervisors.map((m) => m.rss))
    } MB (anon ${avg(supervisors.map((m) => m.anon))}, file ${
      avg(supervisors.map((m) => m.file))
    }; median ${median(supervisors.map((m) => m.rss))}), supervisor PSS ${
      avg(supervisors.map((m) => m.pss))
    } MB, its processes (docker CLI) PSS ${avg(children.map((c) => c.pss))} MB (${
      avg(children.map((c) => c.count))
    } processes), container ${avg(containerMb)} MB; host memory per bottle ${
      avg(supervisors.map((m, i) => m.pss + children[i]!.pss + containerMb[i]!))
    } MB (supervisor PSS + its processes' PSS + container), ${
      avg(supervisors.map((m, i) => m.rss + containerMb[i]!))
    } MB (supervisor RSS + container)`,
  );
  await Promise.all(names.map((name) => f.bottle(["stop", name])));
} finally {
  await f.close();
}
