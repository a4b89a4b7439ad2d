/**
 * Facts about detectors by name, for callers that hold only a hit's name:
 * which detectors exist and which are too noisy to block on.
 */
import { ALL_DETECTORS } from "./detectors/mod.ts";

const LOG_ONLY = new Set(ALL_DETECTORS.filter((d) => d.action === "log").map((d) => d.name));

/** Every detector's name, the `dlp.<name>` codes a block can carry. */
export const DETECTOR_NAMES: readonly string[] = ALL_DETECTORS.map((d) => d.name);

/** Whether a detector's hits are only audited, never blocked, even in `block` mode. */
export function isLogOnly(detector: string): boolean {
  return LOG_ONLY.has(detector);
}
