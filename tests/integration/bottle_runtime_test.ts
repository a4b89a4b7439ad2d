/**
 * The manifest's `runtime` reaches the engine as written, and a runtime the
 * engine lacks is refused before anything starts — never a silent fallback
 * to runc. CI registers crun beside runc (.ci/run) for the first property.
 */
import { equal, ok } from "node:assert/strict";
import { runDocker } from "../../cli/engine/docker.ts";
import { AGENT_LATEST } from "../../cli/image/image_tag.ts";
import { engineGate, isCi } from "../helpers/docker_available.ts";
import { bottleFixture, containerExists } from "../helpers/bottle_fixture.ts";
import { jsonResult } from "../helpers/run_bottle.ts";

const engine = await engineGate([AGENT_LATEST]);
const opts = { ignore: engine.ignore, sanitizeOps: false, sanitizeResources: false };

async function runtimes(): Promise<string[]> {
  const info = await runDocker(["info", "--format", "{{json .Runtimes}}"]);
  return Object.keys(JSON.parse(info.stdout.trim() || "{}"));
}

Deno.test("runtime_from_the_manifest_is_the_containers_runtime", opts, async () => {
  engine.assertReady();
  if (!(await runtimes()).includes("crun")) {
    if (isCi()) throw new Error("crun is not registered in the engine (.ci/run registers it)");
    return;
  }
  const f = await bottleFixture();
  try {
    await f.manifest({ runtime: "crun" });
    const start = await f.bottle(["start", "--detach", "--yes", "--name", "rt"]);
    equal(start.code, 0, start.stderr);
    const inspect = await runDocker([
      "container",
      "inspect",
      "--format",
      "{{.HostConfig.Runtime}}",
      "bottle-rt",
    ]);
    equal(inspect.stdout.trim(), "crun");
    const id = await f.bottle(["exec", "rt", "--", "id", "-u"]);
    equal(id.stdout.trim(), "1000", id.stderr);
  } finally {
    await f.close();
  }
});

Deno.test("missing_runtime_is_refused_without_fallback", opts, async () => {
  engine.assertReady();
  const f = await bottleFixture();
  try {
    await f.manifest({ runtime: "runsc-not-installed" });
    const start = await f.bottle(["start", "--detach", "--yes", "--name", "nort", "--json"]);
    equal(start.code, 4, start.stderr);
    ok(start.stderr.includes('no runtime "runsc-not-installed"'), start.stderr);
    ok(start.stderr.includes("never falls back"), start.stderr);
    equal(jsonResult(start).ok, false);
    equal(await containerExists("nort"), false, "no container was created");
  } finally {
    await f.close();
  }
});
