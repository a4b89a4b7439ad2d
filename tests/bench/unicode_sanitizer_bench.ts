/**
 * The invisible-Unicode sanitiser on a 1 MiB request body (goal: ≤ 5 ms),
 * for each shape of `benchBody`: clean bodies pass through after one scan,
 * dirty ones are rewritten. Single-threaded, pure computation.
 *
 * Run: `deno bench -A tests/bench/unicode_sanitizer_bench.ts`
 */
import { sanitizeJsonBody } from "../../proxy/unicode/mod.ts";
import { benchBody, type BodyKind } from "./unicode_bench_bodies.ts";

const MIB = 1024 * 1024;
const kinds: readonly BodyKind[] = [
  "ascii",
  "multilingual",
  "emoji",
  "dirty_some",
  "dirty_all",
  "escaped",
];

for (const kind of kinds) {
  const body = benchBody(kind, MIB);
  const once = sanitizeJsonBody(body);
  if (once.kind === "error") throw new Error(`${kind}: ${once.reason}`);
  const changed = once.changed ? `changed, ${JSON.stringify(once.counts)}` : "unchanged";
  Deno.bench({
    name: `sanitizeJsonBody ${kind} (${(body.length / MIB).toFixed(2)} MiB, ${changed})`,
    group: "1 MiB body",
    baseline: kind === "ascii",
    fn: () => {
      sanitizeJsonBody(body);
    },
  });
}
