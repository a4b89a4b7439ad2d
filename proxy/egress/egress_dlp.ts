/**
 * DLP on the egress proxy: per-bottle configuration, what one finding is,
 * whether findings refuse a request, and how they are audited. A finding
 * names a detector and a location, never the matched value.
 */
import type { AuditDlpFinding, AuditEvent } from "../audit/audit_event.ts";
import { type CanarySet, compileCanaries, isLogOnly, type KnownSecret } from "../dlp/mod.ts";
import type { DlpFinding } from "../dlp/dlp_finding.ts";

export type { DlpFinding } from "../dlp/dlp_finding.ts";

/** What a bottle's DLP does with a finding. */
export type DlpMode = "block" | "log";

/**
 * DLP settings of one bottle's egress proxy. Omitted, DLP runs in `block`
 * mode with every detector and no known secrets.
 */
export interface EgressDlpConfig {
  /**
   * `block` (default): a finding from a blocking detector refuses the request
   * with 403 and `X-Bottle-Deny: dlp.<detector>`. `log`: every request goes
   * on; findings are audited.
   */
  readonly mode?: DlpMode;
  /**
   * The bottle's real secrets and phantoms: any of them on the egress path,
   * in any encoding, is a `dlp.known_secret` finding. A phantom's is also a
   * `phantom_leak` alert (a phantom's only route is the API proxy).
   */
  readonly knownSecrets?: readonly KnownSecret[];
  /**
   * Largest compressed request body (gzip, deflate, br) held and decoded for
   * scanning, compressed or decoded, in bytes (default 8 MiB). A larger one
   * is refused in `block` mode (`dlp.body_decode_cap`), forwarded unscanned
   * beyond the cap in `log` mode.
   */
  readonly maxDecodedBytes?: number;
}

/** Default cap on a compressed request body held and decoded for scanning. */
export const DEFAULT_MAX_DECODED_BYTES = 8 * 1024 * 1024;

/** The settings compiled once per bottle. */
export interface EgressDlp {
  readonly mode: DlpMode;
  readonly canaries: CanarySet;
  readonly maxDecodedBytes: number;
}

/** Compiles a bottle's DLP settings (the known secrets' search tables) once. */
export function compileEgressDlp(config: EgressDlpConfig = {}): EgressDlp {
  return {
    mode: config.mode ?? "block",
    canaries: compileCanaries(config.knownSecrets ?? []),
    maxDecodedBytes: config.maxDecodedBytes ?? DEFAULT_MAX_DECODED_BYTES,
  };
}

/** Detector names of findings that are not a credential detector's. */
export const KNOWN_SECRET = "known_secret";
/** A compressed body larger than the decode cap. */
export const BODY_DECODE_CAP = "body_decode_cap";
/** A body whose Content-Encoding bottle cannot decode, or that does not decode. */
export const BODY_UNDECODABLE = "body_undecodable";
/** Host labels that look like encoded data (blocks). */
export const ENTROPY_HOST = "entropy_host_label";
/** A path segment that looks like encoded data (audited only). */
export const ENTROPY_PATH = "entropy_path";
/** A query value that looks like encoded data (audited only). */
export const ENTROPY_QUERY = "entropy_query";

/** Findings that are audited only, whatever the mode: random IDs in URLs are common. */
const LOG_ONLY_FINDINGS = new Set([ENTROPY_PATH, ENTROPY_QUERY]);

/** Whether `finding` refuses its request in `block` mode. */
export function findingBlocks(finding: DlpFinding): boolean {
  return !LOG_ONLY_FINDINGS.has(finding.detector) && !isLogOnly(finding.detector);
}

/**
 * The finding that refuses the request, if any: none in `log` mode; in
 * `block` mode the first blocking one, a known secret before the rest.
 */
export function blockingFinding(
  mode: DlpMode,
  findings: readonly DlpFinding[],
): DlpFinding | undefined {
  if (mode === "log") return undefined;
  return findings.find((f) => f.detector === KNOWN_SECRET && findingBlocks(f)) ??
    findings.find(findingBlocks);
}

/** The deny code of a finding: `dlp.<detector>`. */
export function findingCode(finding: DlpFinding): string {
  return `dlp.${finding.detector}`;
}

/** One line of plain words for the client; names the detector and location, never the value. */
export function findingReason(finding: DlpFinding): string {
  const what = finding.secret !== undefined
    ? `a known secret (${finding.secret.kind}, ${finding.secret.encoding})`
    : `data matching the ${finding.detector} detector`;
  return `${what} was found in the request (${finding.location}); bottle's DLP does not let it leave`;
}

/** The audit fields for findings: the list, and `phantom_leak` when a phantom was seen. */
export function auditFields(
  findings: readonly DlpFinding[],
  blocked: DlpFinding | undefined,
): Pick<AuditEvent, "dlp" | "alert"> | Record<never, never> {
  if (findings.length === 0) return {};
  const dlp: AuditDlpFinding[] = findings.map((f) => ({
    detector: f.detector,
    location: f.location,
    blocked: f === blocked,
    ...(f.secret === undefined ? {} : f.secret),
  }));
  const phantom = findings.some((f) => f.secret?.kind === "phantom");
  return phantom ? { dlp, alert: "phantom_leak" } : { dlp };
}

/**
 * The audit record's host and path with what DLP found in them hidden: the
 * audit log must never hold a matched value, and a finding in the host or
 * the URL means the value is in that field.
 */
export function redactForAudit<T extends { readonly host: string; readonly path: string }>(
  subject: T,
  findings: readonly DlpFinding[],
): T {
  const inHost = findings.some((f) => f.location === "host");
  const inUrl = findings.some((f) => f.location === "path" || f.location.startsWith("query:"));
  if (!inHost && !inUrl) return subject;
  const labels = subject.host.split(".");
  return {
    ...subject,
    host: inHost ? ["[redacted]", ...labels.slice(-2)].join(".") : subject.host,
    path: inUrl ? "[redacted]" : subject.path,
  };
}
