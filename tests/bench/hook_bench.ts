/**
 * The policy hook's latency per tool call, measured where it runs: inside a
 * real bottle, one Node process per call, over the whole corpus (the Bash
 * commands of cli/hook/shell/testdata/corpus.ts and the file-tool calls of
 * cli/hook/tools/testdata/corpus.ts). The time is the hook's own (process start to
 * decision, as it reports it to the audit log); the baseline in the same run
 * is a bare process of the hook's own Node in the same bottle (process start to
 * the end of an empty script), and for reference the image's Debian Node. Only loopback and the project's own containers are used.
 *
 * Run: `deno run -A tests/bench/hook_bench.ts`.
 */
import { join } from "node:path";
import { SHELL_CORPUS } from "../../cli/hook/shell/testdata/corpus.ts";
import { FILE_TOOL_CORPUS } from "../../cli/hook/tools/testdata/corpus.ts";
import { bottleFixture } from "../helpers/bottle_fixture.ts";

function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
}

function summary(label: string, values: readonly number[]): string {
  return `${label}: n=${values.length} p50 ${percentile(values, 0.5).toFixed(1)} ms, p99 ${
    percentile(values, 0.99).toFixed(1)
  } ms`;
}

const f = await bottleFixture("bottle-hook-bench-");
try {
  const calls = [
    ...SHELL_CORPUS.map((c) => ({
      tool_name: "Bash",
      tool_input: { command: c.command },
      cwd: "/workspace",
    })),
    ...FILE_TOOL_CORPUS.map((c) => ({ tool_name: c.tool, tool_input: c.input, cwd: c.cwd })),
  ];
  const dir = join(f.workspace, "bench");
  await Deno.mkdir(dir);
  await Deno.writeTextFile(
    join(dir, "calls.jsonl"),
    calls.map((c) => JSON.stringify(c)).join("\n") + "\n",
  );
  await Deno.writeTextFile(
    join(dir, "run.sh"),
    [
      "for node in /opt/bottle/node/bin/node /usr/bin/node; do",
      "  i=0",
      "  while [ $i -lt 100 ]; do",
      `    $node -e 'process.stdout.write((process.uptime() * 1000).toFixed(2) + "\\n")'`,
      "    i=$((i + 1))",
      "  done",
      "done > /tmp/baseline.txt",
      "while IFS= read -r line; do",
      "  printf '%s' \"$line\" | /opt/bottle/bin/bottle-hook > /dev/null",
      "done < /workspace/bench/calls.jsonl",
      "cat /tmp/baseline.txt",
    ].join("\n") + "\n",
  );
  const started = await f.bottle(["start", "--detach", "--yes", "--name", "hook-bench"]);
  if (started.code !== 0) throw new Error(started.stderr);
  const run = await f.bottle(["exec", "hook-bench", "--", "sh", "/workspace/bench/run.sh"]);
  if (run.code !== 0) throw new Error(run.stderr);
  const times = run.stdout.trim().split("\n").map(Number);
  const baseline = times.slice(0, 100);
  const debian = times.slice(100);
  const audit = await Deno.readTextFile(join(f.stateRoot, "hook-bench", "audit.jsonl"));
  const events = audit.trim().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>)
    .filter((e) => e.channel === "hook");
  const all = events.map((e) => Number(e.durationMs));
  const bash = events.filter((e) => e.tool === "Bash").map((e) => Number(e.durationMs));
  const files = events.filter((e) => e.tool !== "Bash").map((e) => Number(e.durationMs));
  console.log(`hook calls audited: ${events.length} of ${calls.length}`);
  console.log(summary("bare node, the hook's runtime (baseline)", baseline));
  console.log(summary("bare node, Debian's (for reference)", debian));
  console.log(summary("hook, all calls", all));
  console.log(summary("hook, Bash", bash));
  console.log(summary("hook, file tools", files));
  console.log(
    `ratio to bare node at p50: ${(percentile(all, 0.5) / percentile(baseline, 0.5)).toFixed(2)}`,
  );
} finally {
  await f.close();
}
