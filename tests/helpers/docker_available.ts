/**
 * Decides whether tests that need a real Docker engine can run. Locally a
 * missing engine or image only ignores those tests; in CI (`CI=true`) it
 * fails them, so a broken CI machine can never pass by skipping.
 */
import { imageExists, runDocker } from "../../cli/engine/docker.ts";

/** Whether the engine and the images a test needs are there, and why not. */
export interface EngineReadiness {
  /** True when the engine answers and every required image is present. */
  readonly ready: boolean;
  /** What is missing (empty when ready). */
  readonly reason: string;
}

/** What a test file needs to register its engine tests. */
export interface EngineGate {
  /** Pass as the test's `ignore`: true only outside CI when something is missing. */
  readonly ignore: boolean;
  /** Call first in the test body: throws (fails the test) with the reason when not ready. */
  readonly assertReady: () => void;
}

/** Whether the environment says this is a CI run (`CI=true` or `CI=1`). */
export function isCi(value: string | undefined = Deno.env.get("CI")): boolean {
  return value === "true" || value === "1";
}

/** Checks that `docker info` answers and that each of `images` is present locally. */
export async function dockerAvailable(images: readonly string[] = []): Promise<EngineReadiness> {
  let info;
  try {
    info = await runDocker(["info", "--format", "{{.ServerVersion}}"]);
  } catch (error) {
    return { ready: false, reason: `docker CLI unavailable: ${(error as Error).message}` };
  }
  if (info.code !== 0) {
    return { ready: false, reason: `the Docker engine does not answer: ${info.stderr.trim()}` };
  }
  const missing: string[] = [];
  for (const image of images) {
    if (!(await imageExists(image))) missing.push(image);
  }
  if (missing.length > 0) {
    return { ready: false, reason: `image(s) not built: ${missing.join(", ")}` };
  }
  return { ready: true, reason: "" };
}

/** Checks the engine once for a test file and returns how to register its tests. */
export async function engineGate(images: readonly string[] = []): Promise<EngineGate> {
  const readiness = await dockerAvailable(images);
  const ci = isCi();
  return {
    ignore: !readiness.ready && !ci,
    assertReady: () => {
      if (readiness.ready) return;
      const needs = ["a Docker engine", ...images].join(", ");
      throw new Error(
        [
          `this test needs ${needs}, and CI=true forbids skipping it`,
          `  missing: ${readiness.reason}`,
          "  fix: run .ci/run (installs and starts the engine, builds the images), or",
          "       deno task bottle image base && deno task bottle image build --base local/debian:bookworm",
        ].join("\n"),
      );
    },
  };
}
