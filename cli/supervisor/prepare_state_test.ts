import { ok, rejects, strictEqual } from "node:assert/strict";
import { join } from "node:path";
import type { BottlePlan } from "../bottle/plan.ts";
import { stateLayout } from "../bottle/state_layout.ts";
import { GUARDS } from "../bottle/testdata/test_plan.ts";
import { prepareState } from "./prepare_state.ts";

const PLAN: BottlePlan = {
  name: "state-1",
  agent: "dev",
  manifest: null,
  image: "bottle-agent:latest",
  workspace: "/w",
  workspaceReadOnly: false,
  prompt: undefined,
  mode: "interactive",
  env: [],
  skills: [],
  egressAllow: ["api.example.com"],
  resources: { memory: "4g", cpus: 2, pids: 1024 },
  runtime: "runc",
  auth: { type: "oauth", fromHost: "T", upstream: "https://api.anthropic.com" },
  ...GUARDS,
};

const CA = "-----BEGIN CERTIFICATE-----\nQ0E=\n-----END CERTIFICATE-----\n";
const BUNDLE = `-----BEGIN CERTIFICATE-----\nU1lT\n-----END CERTIFICATE-----\n${CA}`;

Deno.test("prepare_state_writes_the_ca_and_its_bundle_world_readable_into_the_config_folder", async () => {
  const root = await Deno.makeTempDir();
  try {
    const layout = stateLayout(root, PLAN.name);
    await prepareState(layout, PLAN, "phantom", { certificatePem: CA, bundlePem: BUNDLE });
    const ca = join(layout.configDir, "bottle-ca.pem");
    const bundle = join(layout.configDir, "ca-bundle.pem");
    strictEqual(await Deno.readTextFile(ca), CA);
    strictEqual(await Deno.readTextFile(bundle), BUNDLE);
    // Read by the bottle's user through the read-only mount; public certificates only.
    strictEqual((await Deno.stat(ca)).mode! & 0o777, 0o644);
    strictEqual((await Deno.stat(bundle)).mode! & 0o777, 0o644);
    for await (const entry of Deno.readDir(layout.configDir)) {
      const text = await Deno.readTextFile(join(layout.configDir, entry.name)).catch(() => "");
      ok(!text.includes("PRIVATE KEY"), `${entry.name} holds a key`);
    }
    // Without a CA (nothing intercepted), neither file exists, even after a run that had one.
    await prepareState(layout, PLAN, "phantom");
    await rejects(Deno.stat(ca), Deno.errors.NotFound);
    await rejects(Deno.stat(bundle), Deno.errors.NotFound);
  } finally {
    await Deno.remove(root, { recursive: true });
  }
});
