/**
 * The engine's view of bottles: list, inspect, wait for and remove bottle
 * containers, and ask which runtimes the engine has. Spawns only `docker`.
 */
import { type BottleRecord, parseBottleRecords } from "../bottle/bottle_record.ts";
import { LABEL } from "../bottle/labels.ts";
import { EngineError } from "../errors.ts";
import { firstLine, runDocker } from "./docker.ts";

/** Every bottle container the engine has, running or not. */
export async function listBottles(): Promise<BottleRecord[]> {
  const ids = await runDocker(["ps", "--all", "--quiet", "--filter", `label=${LABEL.bottle}`]);
  if (ids.code !== 0) throw engineFailure("ps", ids.stderr);
  const list = ids.stdout.split("\n").map((id) => id.trim()).filter((id) => id !== "");
  if (list.length === 0) return [];
  const inspected = await runDocker(["container", "inspect", "--", ...list]);
  // A container removed between the two calls makes inspect fail for it alone: keep the rest.
  return parseBottleRecords(inspected.stdout.trim() || "[]");
}

/** The bottle named `name`, if its container exists. */
export async function findBottle(name: string): Promise<BottleRecord | undefined> {
  return (await listBottles()).find((bottle) => bottle.name === name);
}

/** Removes a container (running or not); a container that is already gone is fine. */
export async function removeContainer(container: string): Promise<void> {
  const result = await runDocker(["rm", "--force", "--volumes", "--", container]);
  if (result.code !== 0 && !/no such container/i.test(result.stderr)) {
    throw engineFailure("rm", result.stderr);
  }
}

/** Waits for `container` to stop and returns its exit status (undefined if it vanished first). */
export async function waitContainer(container: string): Promise<number | undefined> {
  const result = await runDocker(["wait", "--", container]);
  const code = Number(result.stdout.trim());
  return result.code === 0 && Number.isInteger(code) ? code : undefined;
}

function engineFailure(step: string, stderr: string): EngineError {
  return new EngineError(`${step}_failed`, `docker ${step} failed: ${firstLine(stderr) ?? "?"}`, {
    hint: "check that the Docker engine runs (`docker info`)",
  });
}
