/**
 * The body guard, without sockets: in block mode nothing within the
 * look-back of the newest byte is released before the body ends, a secret
 * stops the body before any of its bytes is released, compressed bodies are
 * held whole and scanned decoded; log mode releases at once and records.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { gzipSync } from "node:zlib";
import { decodeContent } from "../dlp/decode_content.ts";
import { sampleFor } from "../dlp/testdata/synthetic_samples.ts";
import { BodyGuard, type GuardStep } from "./body_guard.ts";
import { compileEgressDlp } from "./egress_dlp.ts";

const enc = new TextEncoder();
const SECRET = "sk-ant-api03-" + "Pq7Zx".repeat(18) + "AA";
const BLOCK = compileEgressDlp({ knownSecrets: [{ label: "k", value: SECRET, kind: "real" }] });
const LOG = compileEgressDlp({
  mode: "log",
  knownSecrets: [{ label: "k", value: SECRET, kind: "real" }],
});

const released = (steps: GuardStep[]) =>
  new TextDecoder().decode(
    new Uint8Array(steps.flatMap((s) => s.release.flatMap((part) => [...part]))),
  );

Deno.test("BodyGuard (block) holds back the look-back window, then releases everything at the end", () => {
  const guard = new BodyGuard(BLOCK, []);
  const body = "a".repeat(20_000);
  const steps = [guard.push(enc.encode(body.slice(0, 12_000)))];
  strictEqual(released(steps).length, 12_000 - 4096);
  steps.push(guard.push(enc.encode(body.slice(12_000))));
  strictEqual(released(steps).length, 20_000 - 4096);
  steps.push(guard.finish());
  strictEqual(released(steps), body);
  deepStrictEqual(guard.findings, []);
});

Deno.test("BodyGuard (block) stops before releasing any byte of a secret split across pieces", () => {
  const guard = new BodyGuard(BLOCK, []);
  const text = "b".repeat(9_000) + SECRET + "c".repeat(100);
  const cut = 9_000 + 40;
  const first = guard.push(enc.encode(text.slice(0, cut)));
  ok(!released([first]).includes(SECRET.slice(0, 10)));
  const second = guard.push(enc.encode(text.slice(cut)));
  strictEqual(second.stop?.detector, "known_secret");
  strictEqual(second.stop?.location, "body:9000");
  deepStrictEqual(second.release, []);
  strictEqual(guard.finish().stop, second.stop, "a stopped guard stays stopped");
});

Deno.test("BodyGuard (log) releases every piece at once and records the finding", () => {
  const guard = new BodyGuard(LOG, []);
  const { secret } = sampleFor("aws_access_key_id", 1);
  const step = guard.push(enc.encode(`k=${secret}`));
  strictEqual(step.stop, undefined);
  strictEqual(released([step]), `k=${secret}`);
  deepStrictEqual(guard.findings, [{ detector: "aws_access_key_id", location: "body:2" }]);
});

Deno.test("BodyGuard (block) holds a gzip body whole, then scans it decoded", () => {
  const clean = new BodyGuard(BLOCK, ["gzip"], decodeContent);
  const gz = gzipSync(enc.encode("nothing to see ".repeat(1000)));
  const steps = [clean.push(gz.subarray(0, 100)), clean.push(gz.subarray(100))];
  strictEqual(released(steps), "", "compressed bytes released before the scan");
  const end = clean.finish();
  strictEqual(end.stop, undefined);
  deepStrictEqual(
    new Uint8Array(end.release.flatMap((p) => [...p])),
    new Uint8Array(gz),
  );
  const dirty = new BodyGuard(BLOCK, ["gzip"], decodeContent);
  dirty.push(gzipSync(enc.encode(`x ${SECRET} y`)));
  strictEqual(dirty.finish().stop?.location, "body:2");
});

Deno.test("BodyGuard (block) refuses a compressed body over the cap as it arrives", () => {
  const small = compileEgressDlp({ maxDecodedBytes: 1000 });
  const guard = new BodyGuard(small, ["br"], decodeContent);
  strictEqual(guard.push(new Uint8Array(600)).stop, undefined);
  strictEqual(guard.push(new Uint8Array(600)).stop?.detector, "body_decode_cap");
});

Deno.test("BodyGuard (log) gives up scanning a compressed body over the cap and lets it through", () => {
  const small = compileEgressDlp({ mode: "log", maxDecodedBytes: 1000 });
  const guard = new BodyGuard(small, ["gzip"], decodeContent);
  const steps = [guard.push(new Uint8Array(600)), guard.push(new Uint8Array(600)), guard.finish()];
  strictEqual(steps.reduce((n, s) => n + s.release.reduce((m, p) => m + p.length, 0), 0), 1200);
  deepStrictEqual(guard.findings, [{ detector: "body_decode_cap", location: "body" }]);
});

Deno.test("BodyGuard refuses an encoding it cannot decode in block mode, records it in log mode", () => {
  strictEqual(
    new BodyGuard(BLOCK, ["zstd"]).push(new Uint8Array(5)).stop?.detector,
    "body_undecodable",
  );
  strictEqual(new BodyGuard(BLOCK, ["zstd"]).finish().stop?.detector, "body_undecodable");
  const log = new BodyGuard(LOG, ["zstd"]);
  strictEqual(log.push(new Uint8Array(5)).release.length, 1);
  log.push(new Uint8Array(5));
  log.finish();
  deepStrictEqual(log.findings, [{ detector: "body_undecodable", location: "body" }]);
});

Deno.test("body_guard_refuses_a_compressed_body_it_was_given_no_decoder_for", () => {
  const guard = new BodyGuard(BLOCK, ["gzip"]);
  strictEqual(guard.push(gzipSync(enc.encode("hello"))).stop?.detector, "body_undecodable");
  strictEqual(new BodyGuard(BLOCK, ["gzip"]).finish().stop?.detector, "body_undecodable");
});

Deno.test("body_guard_for_headers_loads_the_decoder_for_a_compressed_body", async () => {
  const dirty = await BodyGuard.forHeaders(BLOCK, [["content-encoding", "gzip"]]);
  strictEqual(dirty.push(gzipSync(enc.encode(`x ${SECRET} y`))).stop, undefined);
  strictEqual(dirty.finish().stop?.location, "body:2");
  const plain = await BodyGuard.forHeaders(BLOCK, [["content-type", "text/plain"]]);
  strictEqual(plain.push(enc.encode("hello")).stop, undefined);
  strictEqual(released([plain.finish()]), "hello");
});
