/**
 * `bottle image build` run as users run it (a subprocess under `-P=bottle`):
 * the second identical build is a cache hit, and its time is the warm-build
 * measurement. The first run is a full build when nothing is cached yet.
 */
import { equal, match, ok } from "node:assert/strict";
import { engineGate } from "../helpers/docker_available.ts";
import { jsonResult, runBottle } from "../helpers/run_bottle.ts";

const BASE = "local/debian:bookworm";
const BUILD = [
  "image",
  "build",
  "--base",
  BASE,
  "--ca-bundle",
  "/etc/ssl/certs/ca-certificates.crt",
  "--json",
];

const engine = await engineGate([BASE]);

Deno.test({
  name: "bottle image build: a second identical build is a cache hit",
  ignore: engine.ignore,
  fn: async () => {
    engine.assertReady();
    const first = await runBottle(BUILD);
    equal(first.code, 0, first.stderr);
    const one = jsonResult(first);
    match(String(one.image), /^bottle-agent:[0-9a-f]{16}$/);
    console.log(`  first run: built=${one.built} in ${first.seconds.toFixed(1)}s`);

    const second = await runBottle(BUILD);
    equal(second.code, 0, second.stderr);
    const two = jsonResult(second);
    equal(two.ok, true);
    equal(two.built, false);
    equal(two.image, one.image);
    equal(two.id, one.id);
    console.log(
      `  warm (cache hit): ${second.seconds.toFixed(2)}s wall, ${two.seconds}s in command`,
    );
    ok(second.seconds < 30, `a cache hit took ${second.seconds}s`);
  },
});

Deno.test({
  name: "bottle image build: a base image that is not present is an engine error, never a pull",
  ignore: engine.ignore,
  fn: async () => {
    engine.assertReady();
    const run = await runBottle([
      "image",
      "build",
      "--base",
      "local/bottle-test-absent:none",
      "--json",
    ]);
    equal(run.code, 4);
    const error = jsonResult(run).error as Record<string, string>;
    equal(error.code, "engine.base_missing");
    match(error.hint ?? "", /bottle image base/);
  },
});

Deno.test("bottle image build: a CA bundle without certificates is a usage error", async () => {
  const dir = await Deno.makeTempDir({ prefix: "bottle-ca-test-" });
  try {
    const cases: Array<[string, string | undefined, RegExp]> = [
      [`${dir}/missing.pem`, undefined, /no such file/],
      [`${dir}/empty.pem`, "", /empty/],
      [`${dir}/text.pem`, "hello\n", /no PEM certificate/],
    ];
    for (const [path, content, message] of cases) {
      if (content !== undefined) await Deno.writeTextFile(path, content);
      const run = await runBottle(["image", "build", "--ca-bundle", path, "--json"]);
      equal(run.code, 2, run.stderr);
      const error = jsonResult(run).error as Record<string, string>;
      equal(error.code, "usage.ca_bundle");
      match(error.message ?? "", message);
      match(error.hint ?? "", /BEGIN CERTIFICATE/);
    }
  } finally {
    await Deno.remove(dir, { recursive: true });
  }
});
