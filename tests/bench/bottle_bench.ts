/**
 * Bottle benchmarks on a real engine, each next to a baseline from the same run:
 *  1. `bottle start --detach` until ready, against a bare `docker run -d` of the
 *     same image (median of N alternating pairs; ratio).
 *  2. The supervisor's RSS idle, and while one SSE stream runs through its API proxy.
 *  3. Ten bottles started at once: wall time and errors.
 * Only loopback and the project's own containers are contacted.
 *
 * Run: `deno run -A tests/bench/bottle_bench.ts` (BENCH_PAIRS, default 7; BENCH_PARALLEL, default 10).
 */
import { join } from "node:path";
import { runDocker } from "../../cli/engine/docker.ts";
import { AGENT_LATEST } from "../../cli/image/image_tag.ts";
import { bottleFixture } from "../helpers/bottle_fixture.ts";
import type { SseEvent } from "../helpers/fake_messages_api.ts";

const PAIRS = Number(Deno.env.get("BENCH_PAIRS") ?? 7);
const PARALLEL = Number(Deno.env.get("BENCH_PARALLEL") ?? 10);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

async function rssMb(pid: number): Promise<number> {
  const status = await Deno.readTextFile(`/proc/${pid}/status`);
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? NaN);
  return Math.round(kb / 102.4) / 10;
}

const f = await bottleFixture("bottle-bench-");
try {
  // 1. start --detach vs bare docker run -d.
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

  // 2. Supervisor RSS, idle and with one active stream.
  const run = await f.bottle(["start", "--detach", "--yes", "--name", "bench-rss"]);
  if (run.code !== 0) throw new Error(run.stderr);
  const pid = (JSON.parse(
    await Deno.readTextFile(join(f.stateRoot, "bench-rss", "supervisor.json")),
  ) as { pid: number }).pid;
  await new Promise((resolve) => setTimeout(resolve, 2000));
  const idle = await rssMb(pid);
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

  // 3. Ten bottles at once.
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
} finally {
  await f.close();
}
