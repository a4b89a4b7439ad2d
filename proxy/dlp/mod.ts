/**
 * Data-loss prevention for everything leaving a bottle: credential detectors,
 * known-secret canaries (real secrets and phantoms in every common encoding),
 * entropy checks on URLs and host names, and a streaming body scanner. Pure
 * computation: bytes and strings in, hits out; the proxies do the I/O.
 */

export type { DlpHit } from "./dlp_hit.ts";
export type { DlpFinding } from "./dlp_finding.ts";
export type { KnownSecret, KnownSecretHit } from "./known_secret.ts";
export { type CanarySet, compileCanaries, MIN_CANARY_BYTES } from "./compile_canaries.ts";
export { findKnownSecret, findKnownSecretIgnoringCase } from "./find_known_secret.ts";
export { scanText } from "./scan_text.ts";
export { redactDetected } from "./redact_detected.ts";
export { DETECTOR_NAMES, isLogOnly } from "./detector_names.ts";
export { hostLooksEncoded, looksEncoded, urlPartLooksEncoded } from "./url_entropy.ts";
export { shannonEntropy } from "./_entropy.ts";
export {
  DETECTOR_OVERLAP,
  type StreamHit,
  streamOverlap,
  StreamScanner,
} from "./stream_scanner.ts";
export {
  contentCodings,
  type ContentDecoder,
  decodable,
  type DecodedContent,
  loadContentDecoder,
} from "./content_coding.ts";
