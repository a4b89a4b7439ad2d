import { strictEqual, throws } from "node:assert/strict";
import { EngineError } from "../errors.ts";
import { checkImageAndRuntime } from "./engine_readiness.ts";
import type { BottlePlan } from "../bottle/plan.ts";

const plan = { image: "bottle-agent:latest", runtime: "crun" } as unknown as BottlePlan;

function codeOf(run: () => void): string | undefined {
  try {
    run();
  } catch (error) {
    if (error instanceof EngineError) return error.code;
    throw error;
  }
  return undefined;
}

Deno.test("checkImageAndRuntime() refuses a missing image and names the build command", () => {
  strictEqual(
    codeOf(() => checkImageAndRuntime(plan, false, ["runc", "crun"])),
    "engine.image_missing",
  );
  throws(
    () => checkImageAndRuntime(plan, false, ["crun"]),
    (error: EngineError) => /bottle image build/.test(error.hint ?? ""),
  );
});

Deno.test("checkImageAndRuntime() refuses a runtime the engine lacks and never falls back", () => {
  strictEqual(codeOf(() => checkImageAndRuntime(plan, true, ["runc"])), "engine.runtime_missing");
});

Deno.test("checkImageAndRuntime() passes an image and runtime the engine has", () => {
  strictEqual(codeOf(() => checkImageAndRuntime(plan, true, ["runc", "crun"])), undefined);
});
