/**
 * Every credential detector bottle knows, in one list. The order does not
 * matter to the scan; names are unique (checked when the index is built).
 */
import type { Detector } from "../detector.ts";
import { AI_DETECTORS } from "./ai_vendors.ts";
import { CLOUD_DETECTORS } from "./cloud.ts";
import { CODE_HOSTING_DETECTORS } from "./code_hosting.ts";
import { CONNECTION_STRING_DETECTORS } from "./connection_strings.ts";
import { GENERIC_DETECTORS } from "./generic.ts";
import { KEY_DETECTORS } from "./keys.ts";
import { SAAS_DETECTORS } from "./saas.ts";

/** All detectors, specific ones first. */
export const ALL_DETECTORS: readonly Detector[] = [
  ...AI_DETECTORS,
  ...CLOUD_DETECTORS,
  ...CODE_HOSTING_DETECTORS,
  ...SAAS_DETECTORS,
  ...KEY_DETECTORS,
  ...CONNECTION_STRING_DETECTORS,
  ...GENERIC_DETECTORS,
];
