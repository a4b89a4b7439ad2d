import { isLogOnly } from "./detector_names.ts";
import { scanText } from "./scan_text.ts";

/**
 * Detector-based redaction (for the API proxy's opt-in): replaces each match
 * with a marker naming the detector, e.g. `[REDACTED:github_pat]`. Log-only
 * detectors (the generic `password=`-style ones) do not redact: what is too
 * noisy to block on would mangle ordinary code sent to the model.
 */
export function redactDetected(
  text: string,
): { readonly text: string; readonly counts: Readonly<Record<string, number>> } {
  const hits = scanText(text);
  const counts: Record<string, number> = {};
  let out = "";
  let at = 0;
  for (const hit of hits) {
    if (hit.offset < at || isLogOnly(hit.detector)) continue;
    out += text.slice(at, hit.offset) + `[REDACTED:${hit.detector}]`;
    at = hit.offset + hit.length;
    counts[hit.detector] = (counts[hit.detector] ?? 0) + 1;
  }
  return { text: out + text.slice(at), counts };
}
