/**
 * Throughput of bottle's DLP, single core (one Deno isolate, no workers):
 *  1. `scanText` with all detectors on mixed text: JavaScript and JSON from
 *     npm packages, documentation and man-page text found on this machine,
 *     with a synthetic credential sprinkled in every ~64 KiB so the
 *     verification path runs too.
 *  2. The same on bytes in 64 KiB pieces (as the egress proxy reads them):
 *     decode + scan.
 *  3. Known-secret canaries: compile time and scan speed for 2, 10, 100 and
 *     1,000 secrets (the cost per byte must not grow with their number).
 *  4. The egress body guard end to end (64 KiB pieces, block mode, canaries).
 *  5. One request head through `scanRequestHead`.
 *
 * Run: `deno run -A tests/bench/dlp_bench.ts` (DLP_BENCH_MB sets the corpus size, default 32).
 */
import { SAMPLE_MAKERS, sampleFor } from "../../proxy/dlp/testdata/synthetic_samples.ts";
import {
  compileCanaries,
  findKnownSecret,
  type KnownSecret,
  scanText,
} from "../../proxy/dlp/mod.ts";
import { bytesAsText } from "../../proxy/dlp/find_known_secret.ts";
import { BodyGuard } from "../../proxy/egress/body_guard.ts";
import { compileEgressDlp } from "../../proxy/egress/egress_dlp.ts";
import { scanRequestHead } from "../../proxy/egress/scan_request_head.ts";
import { filesUnder, readLocalText } from "./_local_text.ts";

const TARGET = Number(Deno.env.get("DLP_BENCH_MB") ?? 32) * 1e6;
const ROOTS = [
  "/usr/lib/node_modules",
  "/usr/share/doc",
  `${Deno.env.get("HOME") ?? "/root"}/.cache/deno/npm`,
];

/** Up to `want` characters of text files under `roots`, round-robin so every kind is in the mix. */
async function corpus(want: number): Promise<string> {
  const walkers = ROOTS.map((root) => filesUnder(root));
  const parts: string[] = [];
  let have = 0;
  let live = walkers.length;
  while (have < want && live > 0) {
    live = 0;
    for (const walker of walkers) {
      const next = await walker.next();
      if (next.done === true) continue;
      live++;
      const text = await readLocalText(next.value, 4e6);
      if (text === undefined) continue;
      parts.push(text);
      have += text.length;
    }
  }
  if (have === 0) throw new Error(`no text found under ${ROOTS.join(", ")}`);
  let text = parts.join("\n");
  while (text.length < want) text += text;
  return text.slice(0, want);
}

/** Best of `runs` timings of `run`, in milliseconds (the first run warms the JIT up and is dropped). */
function best(runs: number, run: () => void): number {
  run();
  let min = Infinity;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    run();
    min = Math.min(min, performance.now() - t0);
  }
  return min;
}

const mbps = (bytes: number, ms: number) => `${(bytes / 1e6 / (ms / 1000)).toFixed(0)} MB/s`;

try {
  // The machine may be shared: the load average says how far to trust the numbers.
  console.log(
    `load average: ${Deno.readTextFileSync("/proc/loadavg").split(" ").slice(0, 3).join(" ")}`,
  );
} catch { /* not Linux */ }
const base = await corpus(TARGET);
// A credential every ~64 KiB, cycling through every detector's sample format.
const names = Object.keys(SAMPLE_MAKERS);
const pieces: string[] = [];
for (let at = 0, i = 0; at < base.length; at += 65536, i++) {
  pieces.push(base.slice(at, at + 65536), ` ${sampleFor(names[i % names.length]!, i).text} `);
}
const mixed = pieces.join("");
const bytes = new TextEncoder().encode(mixed);
console.log(
  `corpus: ${(mixed.length / 1e6).toFixed(1)} M characters (${
    (bytes.length / 1e6).toFixed(1)
  } MB UTF-8), ${pieces.length / 2} planted credentials`,
);

let hits = 0;
const scanMs = best(5, () => {
  hits = scanText(mixed).length;
});
console.log(
  `1. scanText, all detectors, string:   ${mbps(mixed.length, scanMs)} (${
    scanMs.toFixed(0)
  } ms, ${hits} hits)`,
);
const bytesMs = best(5, () => {
  for (let at = 0; at < bytes.length; at += 65536) {
    scanText(bytesAsText(bytes.subarray(at, at + 65536)));
  }
});
console.log(`2. bytes → text + scanText, 64 KiB:    ${mbps(bytes.length, bytesMs)}`);

for (const count of [2, 10, 100, 1000]) {
  const secrets: KnownSecret[] = Array.from({ length: count }, (_, i) => ({
    label: `secret-${i}`,
    value: `sk-ant-api03-${crypto.randomUUID()}${crypto.randomUUID()}`.replaceAll("-", "x"),
    kind: i % 2 === 0 ? "real" : "phantom",
  }));
  const t0 = performance.now();
  const set = compileCanaries(secrets);
  const compileMs = performance.now() - t0;
  const ms = best(5, () => findKnownSecret(set, mixed));
  const msBytes = best(5, () => {
    for (let at = 0; at < bytes.length; at += 65536) {
      findKnownSecret(set, bytes.subarray(at, at + 65536));
    }
  });
  console.log(
    `3. canaries, ${String(count).padStart(4)} secrets: compile ${compileMs.toFixed(1)} ms, scan ${
      mbps(mixed.length, ms)
    } (string), ${mbps(bytes.length, msBytes)} (bytes)`,
  );
}

const dlp = compileEgressDlp({
  knownSecrets: [
    { label: "real", value: "sk-ant-api03-" + "A1b2C3d4".repeat(11) + "AA", kind: "real" },
    { label: "phantom", value: "sk-ant-oat01-" + "Z9y8X7w6".repeat(11) + "AA", kind: "phantom" },
  ],
});
// Clean text only: a planted credential would stop the guard.
const clean = new TextEncoder().encode(base);
const guardMs = best(3, () => {
  const guard = new BodyGuard(dlp, []);
  for (let at = 0; at < clean.length; at += 65536) guard.push(clean.subarray(at, at + 65536));
  guard.finish();
});
console.log(`4. body guard (64 KiB pieces, block):  ${mbps(clean.length, guardMs)}`);

const target = {
  host: "registry.npmjs.org",
  port: 80,
  kind: "name" as const,
  path: "/-/v1/search?text=left-pad&size=20&from=0",
};
const headers: Array<[string, string]> = [
  ["user-agent", "npm/10.8.1 node/v22.3.0 linux x64 workspaces/false"],
  ["accept", "application/json"],
  ["accept-encoding", "gzip, deflate, br"],
  ["npm-session", "4b6f1c2d3e4f5a6b"],
];
const N = 20_000;
const headMs = best(3, () => {
  for (let i = 0; i < N; i++) scanRequestHead(dlp, target, headers);
});
console.log(`5. scanRequestHead, one ordinary head: ${((headMs / N) * 1000).toFixed(1)} µs`);
