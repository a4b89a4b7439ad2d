import { deepStrictEqual, equal } from "node:assert/strict";
import {
  BuildProgress,
  formatSeconds,
  HEARTBEAT_MS,
  parseBuildLine,
  shortInstruction,
} from "./build_progress.ts";

// Real legacy-builder output (docker CLI 28 against engine 20.10), abridged.
const LOG = [
  "DEPRECATED: The legacy builder is deprecated and will be removed in a future release.",
  "            BuildKit is currently disabled; enable it by removing the DOCKER_BUILDKIT=0",
  "            environment-variable.",
  "",
  "Sending build context to Docker daemon  3.584kB",
  "Step 1/4 : ARG BASE_IMAGE=debian:bookworm-slim",
  "Step 2/4 : FROM ${BASE_IMAGE}",
  " ---> 2b8b3e1d0c4f",
  "Step 3/4 : RUN apt-get update  && apt-get install -y --no-install-recommends       ca-certificates curl git",
  " ---> Running in 6f36960b9667",
  "Get:1 http://deb.debian.org/debian bookworm InRelease [151 kB]",
  "Removing intermediate container 6f36960b9667",
  " ---> e5f93c2a87d0",
  "Step 4/4 : LABEL dev.bottle.image=agent",
  " ---> Using cache",
  " ---> f56abe1c279f",
  "Successfully built f56abe1c279f",
  "Successfully tagged bottle-agent:0123456789abcdef",
];

Deno.test("parseBuildLine() recognises steps, cache hits, results and builder noise", () => {
  deepStrictEqual(parseBuildLine("Step 3/12 : RUN apt-get update"), {
    kind: "step",
    index: 3,
    total: 12,
    instruction: "RUN apt-get update",
  });
  deepStrictEqual(parseBuildLine(" ---> Using cache"), { kind: "cached" });
  deepStrictEqual(parseBuildLine("Successfully built f56abe1c279f"), {
    kind: "built",
    id: "f56abe1c279f",
  });
  deepStrictEqual(parseBuildLine("Successfully tagged bottle-agent:latest"), {
    kind: "tagged",
    ref: "bottle-agent:latest",
  });
  for (const line of LOG.slice(0, 3)) {
    deepStrictEqual(parseBuildLine(line), { kind: "noise" }, line);
  }
  deepStrictEqual(parseBuildLine(" ---> "), { kind: "noise" });
  deepStrictEqual(parseBuildLine("npm warn deprecated x"), {
    kind: "output",
    text: "npm warn deprecated x",
  });
});

Deno.test("parseBuildLine() removes the colour codes the builder puts around standard error", () => {
  deepStrictEqual(parseBuildLine("\x1b[91mnpm ERR! code SELF_SIGNED_CERT_IN_CHAIN"), {
    kind: "output",
    text: "npm ERR! code SELF_SIGNED_CERT_IN_CHAIN",
  });
  deepStrictEqual(parseBuildLine("\x1b[0mRemoving intermediate container a8159fd5beec"), {
    kind: "noise",
  });
});

Deno.test("BuildProgress prints each step once it ends, with its time or 'cached'", () => {
  const progress = new BuildProgress();
  const printed: string[] = [];
  let now = 0;
  for (const line of LOG) {
    printed.push(...progress.push(line, now));
    now += 1000;
  }
  printed.push(...progress.finish(now));
  deepStrictEqual(printed, [
    "[1/4] ARG BASE_IMAGE=debian:bookworm-slim  (1.0s)",
    "[2/4] FROM ${BASE_IMAGE}  (2.0s)",
    "[3/4] RUN apt-get update && apt-get install -y --no-install-recommend…  (5.0s)",
    "[4/4] LABEL dev.bottle.image=agent  (cached)",
  ]);
});

Deno.test("BuildProgress reports a long step at most once per heartbeat", () => {
  const progress = new BuildProgress();
  progress.push("Step 5/9 : RUN npm install -g @anthropic-ai/claude-code@2.1.328", 0);
  deepStrictEqual(progress.tick(HEARTBEAT_MS - 1), []);
  deepStrictEqual(progress.tick(HEARTBEAT_MS), [
    "[5/9] RUN npm install -g @anthropic-ai/claude-code@2.1.328  (running, 30.0s)",
  ]);
  deepStrictEqual(progress.tick(HEARTBEAT_MS + 1000), []);
  equal(progress.current, "[5/9] RUN npm install -g @anthropic-ai/claude-code@2.1.328");
});

Deno.test("BuildProgress keeps the failing step's last output lines", () => {
  const progress = new BuildProgress();
  progress.push("Step 1/2 : RUN false", 0);
  for (let i = 0; i < 40; i++) progress.push(`line ${i}`, 0);
  progress.push("\x1b[0m", 0);
  equal(progress.tail.length, 30);
  equal(progress.tail.at(-1), "line 39");
  progress.push("Step 2/2 : RUN true", 0);
  deepStrictEqual(progress.tail, []);
});

Deno.test("shortInstruction() flattens whitespace and cuts long lines with an ellipsis", () => {
  equal(shortInstruction("RUN  a \\\n   b", 64), "RUN a \\ b");
  equal(shortInstruction("RUN " + "x".repeat(100), 10), "RUN xxxxx…");
});

Deno.test("formatSeconds() prints tenths of a second", () => {
  equal(formatSeconds(41_234), "41.2s");
  equal(formatSeconds(-5), "0.0s");
});
