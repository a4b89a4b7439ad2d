/**
 * Whether the engine can run a plan: its image is there and its runtime is
 * registered (`docker info`). `bottle start --yes` does not ask before
 * `docker run` — the engine itself refuses a missing image (`--pull never`) or
 * an unknown runtime, and never falls back — so these questions are asked when
 * a run fails, to explain it, or before the preflight when a person confirms.
 */
import type { BottlePlan } from "../bottle/plan.ts";
import { engineInfo, imageExists } from "../engine/docker.ts";
import { EngineError } from "../errors.ts";

/** Throws the error that explains why the engine cannot run `plan`, if one does. */
export function checkImageAndRuntime(
  plan: BottlePlan,
  hasImage: boolean,
  runtimes: readonly string[],
): void {
  if (!hasImage) {
    throw new EngineError("image_missing", `the image ${plan.image} is not in the engine`, {
      hint: "build it with `bottle image build` (bottle never pulls images)",
    });
  }
  if (!runtimes.includes(plan.runtime)) {
    throw new EngineError(
      "runtime_missing",
      `the engine has no runtime ${JSON.stringify(plan.runtime)} (it has: ${runtimes.join(", ")})`,
      {
        hint:
          "install and register it in the engine's daemon.json; bottle never falls back to another runtime",
      },
    );
  }
}

/** Asks the engine (one round, in parallel) and throws when it cannot run `plan`. */
export async function checkEngineFor(plan: BottlePlan): Promise<void> {
  const [info, hasImage] = await Promise.all([engineInfo(), imageExists(plan.image)]);
  checkImageAndRuntime(plan, hasImage, info.runtimes);
}
