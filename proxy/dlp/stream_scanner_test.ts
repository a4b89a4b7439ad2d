/**
 * The stream scanner: a secret split across pieces at any point is found
 * once, with its offset in the stream; a hit inside the look-back is not
 * reported twice; memory stays bounded by the overlap.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { sampleFor } from "./testdata/synthetic_samples.ts";
import { compileCanaries } from "./compile_canaries.ts";
import { type StreamHit, streamOverlap, StreamScanner } from "./stream_scanner.ts";

const enc = new TextEncoder();
const SECRET = "sk-ant-api03-" + "Zq9xW2".repeat(16) + "AA";
const CANARIES = compileCanaries([{ label: "key", value: SECRET, kind: "real" }]);

function pushAll(scanner: StreamScanner, pieces: readonly string[]): StreamHit[] {
  return pieces.flatMap((piece) => scanner.push(enc.encode(piece)));
}

Deno.test("StreamScanner finds a known secret split at every position, once, at its stream offset", () => {
  const text = "a".repeat(300) + SECRET + "b".repeat(50);
  for (let cut = 290; cut < 300 + SECRET.length + 5; cut++) {
    const hits = pushAll(new StreamScanner(CANARIES), [text.slice(0, cut), text.slice(cut)])
      .filter((h) => h.kind === "known_secret");
    strictEqual(hits.length, 1, `cut at ${cut}`);
    strictEqual(hits[0]!.kind === "known_secret" && hits[0]!.secret.offset, 300);
  }
});

Deno.test("StreamScanner finds a detector match split across three small pieces", () => {
  const { secret } = sampleFor("github_pat_classic", 0);
  const text = `token: ${secret} end`;
  const hits = pushAll(new StreamScanner(undefined), [
    text.slice(0, 10),
    text.slice(10, 20),
    text.slice(20),
  ]);
  deepStrictEqual(hits, [{
    kind: "detector",
    detector: "github_pat_classic",
    offset: 7,
    length: 40,
  }]);
});

Deno.test("StreamScanner does not report again a hit that stays in its look-back", () => {
  const scanner = new StreamScanner(CANARIES);
  strictEqual(pushAll(scanner, [`x ${SECRET} y`]).length >= 1, true);
  deepStrictEqual(pushAll(scanner, ["more", " and more"]), []);
});

Deno.test("StreamScanner reports offsets from the start of the stream across many pieces", () => {
  const scanner = new StreamScanner(CANARIES);
  pushAll(scanner, Array.from({ length: 20 }, () => "c".repeat(1000)));
  const hits = pushAll(scanner, [SECRET]);
  strictEqual(hits[0]?.kind === "known_secret" && hits[0].secret.offset, 20_000);
  strictEqual(scanner.length, 20_000 + SECRET.length);
});

Deno.test("streamOverlap() covers the longest spelling of every known secret", () => {
  const long = compileCanaries([{ label: "long", value: "k".repeat(3000), kind: "real" }]);
  ok(streamOverlap(long) >= 9000, `${streamOverlap(long)}`);
  strictEqual(streamOverlap(undefined), 4096);
});

Deno.test("StreamScanner finds a percent-encoded secret (3x longer) split across pieces", () => {
  const encoded = [...enc.encode(SECRET)].map((b) => "%" + b.toString(16).toUpperCase()).join("");
  const text = "q=" + encoded;
  const hits = pushAll(new StreamScanner(CANARIES), [text.slice(0, 100), text.slice(100)]);
  const known = hits.find((h) => h.kind === "known_secret");
  strictEqual(known?.kind === "known_secret" && known.secret.encoding, "percent");
});
