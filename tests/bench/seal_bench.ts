/**
 * The workspace seal's start-up cost, on a real engine, each next to a
 * baseline from the same run:
 *  1. The walk alone (in process) over a 500-file and a 50,000-file tree.
 *  2. `bottle start --detach` until ready on those trees (each with secret
 *     files to mask and host-run files to pin) against the same start on a
 *     workspace with nothing to walk or mask: ratio for the small tree (goal
 *     ≤ 1.10) and milliseconds added for the large one (goal ≤ 300).
 * The large tree's files are in ordinary folders, not a dependency store the
 * walk skips, so every entry is walked. Only the project's own containers and
 * loopback are contacted.
 *
 * Run: `deno run -A tests/bench/seal_bench.ts` (BENCH_ROUNDS, default 5).
 */
import { join } from "node:path";
import { renderHookPolicy } from "../../cli/hook/hook_policy.ts";
import { scanWorkspace } from "../../cli/seal/scan_workspace.ts";
import { compileSealRules } from "../../cli/seal/seal_rules.ts";
import { bottleFixture } from "../helpers/bottle_fixture.ts";

const ROUNDS = Number(Deno.env.get("BENCH_ROUNDS") ?? 5);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? NaN;
}

/** A tree of `files` files in folders of 100, with 10 secret files and the usual host-run files. */
function makeTree(root: string, files: number): void {
  Deno.mkdirSync(root, { recursive: true });
  for (let i = 0; i < files; i++) {
    const folder = join(root, "src", `m${Math.floor(i / 100)}`);
    if (i % 100 === 0) Deno.mkdirSync(folder, { recursive: true });
    Deno.writeTextFileSync(join(folder, `f${i}.ts`), `export const v${i} = ${i};\n`);
  }
  for (let i = 0; i < 10; i++) {
    const folder = join(root, "src", `m${i}`);
    Deno.mkdirSync(folder, { recursive: true });
    Deno.writeTextFileSync(join(folder, ".env"), `SECRET_${i}=Zq8vN3xW${i}bench7Hk2Lm9\n`);
  }
  Deno.mkdirSync(join(root, ".git", "hooks"), { recursive: true });
  Deno.writeTextFileSync(join(root, ".git", "config"), "[core]\n");
  Deno.writeTextFileSync(join(root, ".mcp.json"), "{}\n");
  if (Deno.uid() === 0) chownTree(root);
}

function chownTree(path: string): void {
  Deno.chownSync(path, 1000, 1000);
  for (const entry of Deno.readDirSync(path)) {
    const full = join(path, entry.name);
    if (entry.isDirectory) chownTree(full);
    else Deno.chownSync(full, 1000, 1000);
  }
}

const f = await bottleFixture("bottle-seal-bench-");
try {
  const trees = {
    empty: join(f.home, "empty"),
    small: join(f.home, "small"),
    large: join(f.home, "large"),
  };
  Deno.mkdirSync(trees.empty);
  Deno.writeTextFileSync(join(trees.empty, "README.md"), "empty\n");
  if (Deno.uid() === 0) chownTree(trees.empty);
  makeTree(trees.small, 500);
  makeTree(trees.large, 50_000);

  // 1. The walk alone.
  const rules = compileSealRules(renderHookPolicy({ egress: [] }).policy);
  for (const [name, root] of [["500 files", trees.small], ["50,000 files", trees.large]] as const) {
    const times: number[] = [];
    let seal = scanWorkspace(root, rules);
    for (let i = 0; i < ROUNDS; i++) {
      const t = performance.now();
      seal = scanWorkspace(root, rules);
      times.push(performance.now() - t);
    }
    console.log(
      `walk, ${name}: ${
        median(times).toFixed(1)
      } ms median (${seal.walk.entries} entries, ${seal.masked.length} masked, ${seal.readOnly.length} read-only)`,
    );
  }

  // 2. start --detach until ready, alternating the three workspaces.
  const times: Record<keyof typeof trees, number[]> = { empty: [], small: [], large: [] };
  for (let i = 0; i < ROUNDS; i++) {
    for (const name of ["empty", "small", "large"] as const) {
      const t = performance.now();
      const run = await f.bottle([
        "start",
        "--detach",
        "--yes",
        "--name",
        `seal-${name}-${i}`,
        "--workspace",
        trees[name],
      ]);
      times[name].push(performance.now() - t);
      if (run.code !== 0) throw new Error(run.stderr);
      await f.bottle(["stop", `seal-${name}-${i}`]);
    }
  }
  const empty = median(times.empty);
  const small = median(times.small);
  const large = median(times.large);
  console.log(
    `start --detach until ready: nothing to seal ${empty.toFixed(0)} ms; 500 files ${
      small.toFixed(0)
    } ms (ratio ${(small / empty).toFixed(2)}, goal ≤ 1.10); 50,000 files ${
      large.toFixed(0)
    } ms (+${(large - empty).toFixed(0)} ms, goal ≤ 300)`,
  );
} finally {
  await f.close();
}
