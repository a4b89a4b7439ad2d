/**
 * What the content guard adds to one API request, measured in one run on
 * loopback only:
 *
 *  1. End to end: a Messages request (10 KiB, 100 KiB, 1 MiB; clean and with
 *     hidden instructions) sent straight to a local upstream, and through the
 *     API proxy with the guard at its minimum (canaries and the field filter,
 *     which always run), at its default (plus the Unicode sanitiser), and in
 *     full (plus detector redaction). Time from the first request byte to the
 *     last response byte, median and p90, and what each adds to the minimum.
 *  2. The stages alone, on the same bodies, in this process: the sanitiser,
 *     the canary scan, detector redaction, and the whole guard.
 *  3. Heads and responses: the head guard (every header value and the query
 *     through the canaries and detectors) on a Claude Code-like head, the
 *     response scrubber alone on a 1 MiB SSE stream, and a 1 MiB SSE
 *     response end to end (direct, through each proxy).
 *
 * The proxies run in this process (one per configuration), so both sides of
 * a request share its event loop as the supervisor's proxies do.
 *
 * Run: `deno run -A tests/bench/api_guard_bench.ts`
 * (BENCH_REQUESTS, default 200, sets the requests per cell. BENCH_BASELINE,
 * the path of another checkout's `proxy/api/serve_api_proxy.ts`, adds that
 * proxy as one more path — say, the streaming proxy from before the guard.)
 */
import { compileCanaries, findKnownSecret, redactDetected } from "../../proxy/dlp/mod.ts";
import { guardRequestBody } from "../../proxy/api/guard_request_body.ts";
import { resolveApiGuard } from "../../proxy/api/resolve_api_guard.ts";
import type { ApiProxyConfig } from "../../proxy/api/api_proxy_config.ts";
import { serveApiProxy } from "../../proxy/api/serve_api_proxy.ts";
import { mapJsonStrings, sanitizeJsonBody } from "../../proxy/unicode/mod.ts";
import { benchBody, type BodyKind } from "./unicode_bench_bodies.ts";

const REQUESTS = Number(Deno.env.get("BENCH_REQUESTS") ?? 200);
const PHANTOM = "sk-ant-oat01-bench-phantom-0123456789";
const REAL = "sk-ant-oat01-bench-real-credential-9876543210";
const KIB = 1024;
const SIZES = [10 * KIB, 100 * KIB, 1024 * KIB];
const KINDS: readonly BodyKind[] = ["ascii", "dirty_some"];

// ---- a local upstream that reads the whole body and answers a small SSE stream ----
/** About 1 MiB of SSE text deltas, ~200 bytes an event. */
const BIG_SSE = (() => {
  const event = 'event: content_block_delta\ndata: {"type":"content_block_delta","index":0,' +
    '"delta":{"type":"text_delta","text":"The parser reads one token at a time and keeps it."}}\n\n';
  return new TextEncoder().encode(event.repeat(Math.ceil(1024 * 1024 / event.length)));
})();

const upstream = Deno.serve({ hostname: "127.0.0.1", port: 0, onListen: () => {} }, async (req) => {
  await req.arrayBuffer();
  if (new URL(req.url).search === "?sse=1m") {
    // Written in 16 KiB pieces, as a stream arrives.
    let at = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (at >= BIG_SSE.length) return controller.close();
        controller.enqueue(BIG_SSE.subarray(at, at + 16 * 1024));
        at += 16 * 1024;
      },
    });
    return new Response(stream, { headers: { "content-type": "text/event-stream" } });
  }
  return new Response(
    'event: message_stop\ndata: {"type":"message_stop"}\n\n',
    { headers: { "content-type": "text/event-stream" } },
  );
});
const upstreamUrl = `http://127.0.0.1:${upstream.addr.port}`;

const base: ApiProxyConfig = {
  bottle: "bench",
  upstream: upstreamUrl,
  credential: { type: "oauth", value: REAL },
  phantom: PHANTOM,
};
const configs: ReadonlyArray<readonly [string, ApiProxyConfig]> = [
  ["guard minimum (canaries, field filter)", { ...base, guard: { sanitizeUnicode: false } }],
  ["guard default (+ Unicode sanitiser)", base],
  ["guard full (+ detector redaction)", { ...base, guard: { redactModelInput: true } }],
];
const proxies = configs.map(([name, config]) => {
  const server = serveApiProxy({ port: 0 }, config, { audit: () => {} });
  return { name, server, url: `http://127.0.0.1:${server.port}` };
});
const baselinePath = Deno.env.get("BENCH_BASELINE");
const baseline = baselinePath === undefined ? [] : [
  await (async () => {
    const module = await import(new URL(baselinePath, `file://${Deno.cwd()}/`).href);
    const server = module.serveApiProxy({ port: 0 }, base, { audit: () => {} });
    return { name: `baseline (${baselinePath})`, server, url: `http://127.0.0.1:${server.port}` };
  })(),
];
const targets = [{ name: "direct", url: upstreamUrl }, ...baseline, ...proxies];

/** Headers shaped like Claude Code's (what the head guard scans on every request). */
const CLAUDE_HEADERS: Record<string, string> = {
  authorization: `Bearer ${PHANTOM}`,
  "content-type": "application/json",
  "anthropic-version": "2023-06-01",
  "anthropic-beta": "claude-code-20250219,oauth-2025-04-20,interleaved-thinking-2025-05-14",
  "anthropic-dangerous-direct-browser-access": "true",
  "user-agent": "claude-cli/2.1.0 (external, cli)",
  "x-app": "cli",
  "x-stainless-lang": "js",
  "x-stainless-package-version": "0.60.0",
  "x-stainless-os": "Linux",
  "x-stainless-arch": "x64",
  "x-stainless-runtime": "node",
  "x-stainless-runtime-version": "v22.11.0",
  "x-stainless-retry-count": "0",
  "x-stainless-timeout": "600",
  "x-claude-code-session-id": "6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f",
};

async function once(
  url: string,
  body: Uint8Array<ArrayBuffer>,
  query = "",
): Promise<number> {
  const started = performance.now();
  const response = await fetch(`${url}/v1/messages${query}`, {
    method: "POST",
    headers: CLAUDE_HEADERS,
    body,
  });
  await response.arrayBuffer();
  if (response.status !== 200) throw new Error(`status ${response.status}`);
  return performance.now() - started;
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const ms = (n: number) => `${n.toFixed(3)} ms`;
const sizeName = (bytes: number) => `${Math.round(bytes / KIB)} KiB`;

console.log(`\n## 1. One request end to end (${REQUESTS} requests per cell, after 20 warm-up)\n`);
console.log("| body | path | median | p90 | added to direct | added to guard minimum |");
console.log("| --- | --- | --- | --- | --- | --- |");
for (const kind of KINDS) {
  for (const size of SIZES) {
    const body = benchBody(kind, size);
    const medians = new Map<string, number>();
    // Interleaved rounds, so a noisy moment on a shared machine hits every path alike.
    const times = new Map<string, number[]>(targets.map((t) => [t.name, []]));
    for (const t of targets) for (let i = 0; i < 20; i++) await once(t.url, body);
    for (let i = 0; i < REQUESTS; i++) {
      for (const t of targets) times.get(t.name)!.push(await once(t.url, body));
    }
    for (const t of targets) medians.set(t.name, percentile(times.get(t.name)!, 50));
    const direct = medians.get("direct")!;
    const floor = medians.get(proxies[0]!.name)!;
    for (const t of targets) {
      const all = times.get(t.name)!;
      const median = medians.get(t.name)!;
      const guarded = proxies.some((p) => p.name === t.name);
      console.log(
        `| ${kind} ${sizeName(body.length)} | ${t.name} | ${ms(median)} | ${
          ms(percentile(all, 90))
        } | ${t.name === "direct" ? "" : ms(median - direct)} | ${
          guarded ? ms(median - floor) : ""
        } |`,
      );
    }
  }
}

// ---- 2. the stages alone ----
function timeIt(fn: () => unknown): number {
  for (let i = 0; i < 20; i++) fn();
  const rounds = 100;
  const started = performance.now();
  for (let i = 0; i < rounds; i++) fn();
  return (performance.now() - started) / rounds;
}

const canaries = compileCanaries([{ label: "api_credential", value: REAL, kind: "real" }]);
const guards = configs.map(([name, config]) => [name, resolveApiGuard(config)] as const);
console.log("\n## 2. The stages alone, in process (mean of 100 runs)\n");
console.log(
  "| body | sanitiser | canary scan | redaction (every string) | " +
    guards.map(([name]) => name).join(" | ") + " |",
);
console.log(`| --- | --- | --- | --- | ${guards.map(() => "---").join(" | ")} |`);
for (const kind of KINDS) {
  for (const size of SIZES) {
    const body = benchBody(kind, size);
    const cells = [
      timeIt(() => sanitizeJsonBody(body)),
      timeIt(() => findKnownSecret(canaries, body)),
      timeIt(() => mapJsonStrings(body, (value) => redactDetected(value).text)),
      ...guards.map(([, guard]) => timeIt(() => guardRequestBody(body, guard))),
    ];
    console.log(`| ${kind} ${sizeName(body.length)} | ${cells.map(ms).join(" | ")} |`);
  }
}

// ---- 3. heads and responses ----
let headGuard: ((target: string, headers: Array<[string, string]>) => unknown) | undefined;
let Scrubber:
  | (new (secrets: Array<{ label: string; value: string }>) => {
    push(data: Uint8Array): Uint8Array;
    end(): Uint8Array;
  })
  | undefined;
try {
  const head = await import("../../proxy/api/guard_request_head.ts");
  const scrub = await import("../../proxy/api/scrub_response.ts");
  const guard = resolveApiGuard(base);
  headGuard = (target, headers) => head.guardRequestHead(target, headers, guard, PHANTOM);
  Scrubber = scrub.ResponseScrubber;
} catch {
  // A checkout from before the head guard and the scrubber.
}
console.log("\n## 3. Heads and responses\n");
console.log("| stage | mean |");
console.log("| --- | --- |");
const headFields = Object.entries(CLAUDE_HEADERS);
if (headGuard !== undefined) {
  const guardHead = headGuard;
  console.log(
    `| head guard, ${headFields.length} Claude Code headers + \`?beta=true\` | ${
      ms(timeIt(() => guardHead("/v1/messages?beta=true", headFields)))
    } |`,
  );
}
if (Scrubber !== undefined) {
  const Make = Scrubber;
  const secrets = [
    { label: "api_credential", value: REAL },
    { label: "env:A", value: "hunter2-correct-horse-battery-staple" },
  ];
  const reads = (size: number) => {
    const out: Uint8Array[] = [];
    for (let at = 0; at < BIG_SSE.length; at += size) out.push(BIG_SSE.subarray(at, at + size));
    return out;
  };
  for (const size of [16 * KIB, 200]) {
    const parts = reads(size);
    const mean = timeIt(() => {
      const scrubber = new Make(secrets);
      for (const part of parts) scrubber.push(part);
      scrubber.end();
    });
    console.log(
      `| response scrubber, 1 MiB SSE in ${size >= KIB ? sizeName(size) : `${size} B`} reads | ${
        ms(mean)
      } (${(BIG_SSE.length / 1e6 / (mean / 1000)).toFixed(0)} MB/s) |`,
    );
  }
}
const small = new TextEncoder().encode('{"model":"m","messages":[]}');
const sseTimes = new Map<string, number[]>(targets.map((t) => [t.name, []]));
for (const t of targets) for (let i = 0; i < 10; i++) await once(t.url, small, "?sse=1m");
for (let i = 0; i < Math.max(20, REQUESTS / 4); i++) {
  for (const t of targets) sseTimes.get(t.name)!.push(await once(t.url, small, "?sse=1m"));
}
for (const t of targets) {
  const all = sseTimes.get(t.name)!;
  console.log(
    `| 1 MiB SSE response end to end, ${t.name} | median ${ms(percentile(all, 50))}, p90 ${
      ms(percentile(all, 90))
    } |`,
  );
}

for (const proxy of [...baseline, ...proxies]) await proxy.server.shutdown();
await upstream.shutdown();
