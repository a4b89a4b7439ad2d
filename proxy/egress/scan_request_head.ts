/**
 * DLP on a request head, before anything is resolved or forwarded: the
 * target's host (every label, and the subdomain labels joined), its path and
 * each query parameter (as sent and percent-decoded), and every header field
 * (a Basic credential also base64-decoded). A secret cut in two and sent as
 * two header fields or two query parameters is found too: the header values
 * are also scanned joined in order (with a space and with no separator), and
 * so are the query values. Pure: a head in, findings out. The API proxy runs
 * the header and query scans on model requests too.
 */
import {
  findKnownSecret,
  findKnownSecretIgnoringCase,
  hostLooksEncoded,
  scanText,
  urlPartLooksEncoded,
} from "../dlp/mod.ts";
import type { Target } from "../policy/mod.ts";
import {
  type DlpFinding,
  type EgressDlp,
  ENTROPY_HOST,
  ENTROPY_PATH,
  ENTROPY_QUERY,
  KNOWN_SECRET,
} from "./egress_dlp.ts";

/** What a head scan needs of a bottle's DLP: its known secrets (the API proxy passes its own). */
export type HeadDlp = Pick<EgressDlp, "canaries">;

/** A name short and plain enough to write into a location; others are named by position. */
export const PLAIN_NAME = /^[A-Za-z0-9_.[\]-]{1,40}$/;

/** Findings in `text` at `location`: detectors, then known secrets. */
function scanPart(dlp: HeadDlp, text: string, location: string, out: DlpFinding[]): void {
  for (const hit of scanText(text)) out.push({ detector: hit.detector, location });
  const secret = findKnownSecret(dlp.canaries, text);
  if (secret !== undefined) {
    const { label, kind, encoding } = secret;
    out.push({ detector: KNOWN_SECRET, location, secret: { label, kind, encoding } });
  }
}

/** `%XX` decoded (`+` left alone); the text itself when it does not decode. */
function percentDecoded(text: string): string {
  if (!text.includes("%")) return text;
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** Scans a part as sent and, when it differs, percent-decoded; one finding per detector. */
function scanEncodedPart(dlp: HeadDlp, text: string, location: string, out: DlpFinding[]): void {
  const found: DlpFinding[] = [];
  scanPart(dlp, text, location, found);
  const decoded = percentDecoded(text);
  if (decoded !== text) scanPart(dlp, decoded, location, found);
  if (found.length === 0) return;
  const seen = new Set<string>();
  for (const f of found) {
    if (seen.has(f.detector)) continue;
    seen.add(f.detector);
    out.push(f);
  }
}

/** Location of findings in the header values joined. */
export const JOINED_HEADERS = "headers:joined";
/** Location of findings in the query values joined. */
export const JOINED_QUERY = "query:joined";

/**
 * Findings in `values` joined in order, with a space and with nothing between
 * them, that no single part already produced (same detector, same secret).
 */
function scanJoined(
  dlp: HeadDlp,
  values: readonly string[],
  location: string,
  already: readonly DlpFinding[],
  out: DlpFinding[],
): void {
  if (values.length < 2) return;
  const key = (f: DlpFinding) => `${f.detector}\u0000${f.secret?.label ?? ""}`;
  const found: DlpFinding[] = [];
  for (const separator of [" ", ""]) scanEncodedPart(dlp, values.join(separator), location, found);
  if (found.length === 0) return;
  const seen = new Set(already.map(key));
  for (const f of found) {
    if (seen.has(key(f))) continue;
    seen.add(key(f));
    out.push(f);
  }
}

/** Findings in the target's host name (lower-cased, as the proxy and DNS see it). */
export function scanHost(dlp: HeadDlp, host: string): DlpFinding[] {
  const out: DlpFinding[] = [];
  const joined = host.replaceAll(".", "");
  for (const text of [host, joined]) {
    for (const hit of scanText(text)) out.push({ detector: hit.detector, location: "host" });
    const secret = findKnownSecretIgnoringCase(dlp.canaries, text);
    if (secret !== undefined) {
      const { label, kind, encoding } = secret;
      out.push({ detector: KNOWN_SECRET, location: "host", secret: { label, kind, encoding } });
    }
  }
  if (hostLooksEncoded(host)) out.push({ detector: ENTROPY_HOST, location: "host" });
  return dedupe(out);
}

/** Findings in an origin-form path and its query (`/a/b?x=1&y=2`). */
export function scanPathAndQuery(dlp: HeadDlp, pathAndQuery: string): DlpFinding[] {
  const out: DlpFinding[] = [];
  const q = pathAndQuery.indexOf("?");
  const path = q === -1 ? pathAndQuery : pathAndQuery.slice(0, q);
  scanEncodedPart(dlp, path, "path", out);
  if (path.split("/").some((segment) => urlPartLooksEncoded(percentDecoded(segment)))) {
    out.push({ detector: ENTROPY_PATH, location: "path" });
  }
  if (q === -1) return out;
  const values: string[] = [];
  pathAndQuery.slice(q + 1).split("&").forEach((pair, index) => {
    if (pair === "") return;
    const eq = pair.indexOf("=");
    const name = eq === -1 ? pair : pair.slice(0, eq);
    const value = eq === -1 ? "" : pair.slice(eq + 1);
    values.push(value);
    const before = out.length;
    scanEncodedPart(dlp, pair, "", out);
    if (value !== "" && urlPartLooksEncoded(percentDecoded(value))) {
      out.push({ detector: ENTROPY_QUERY, location: "" });
    }
    // The name goes into the location only when it is plain and holds no finding itself.
    const nameFindings: DlpFinding[] = [];
    scanEncodedPart(dlp, name, "", nameFindings);
    const where = PLAIN_NAME.test(name) && nameFindings.length === 0
      ? `query:${name}`
      : `query:#${index + 1}`;
    for (let i = before; i < out.length; i++) out[i] = { ...out[i]!, location: where };
  });
  scanJoined(dlp, values.filter((v) => v !== ""), JOINED_QUERY, out, out);
  return out;
}

/** Findings in the header fields (`name: value` scanned together, so keyed detectors see the key). */
export function scanHeaders(
  dlp: HeadDlp,
  headers: ReadonlyArray<readonly [string, string]>,
): DlpFinding[] {
  const out: DlpFinding[] = [];
  const values: string[] = [];
  headers.forEach(([name, value], index) => {
    // The Host field must name the target, which is scanned as the host.
    if (name === "host") return;
    values.push(value);
    const where = PLAIN_NAME.test(name) && scanText(name).length === 0
      ? `header:${name}`
      : `header:#${index + 1}`;
    scanEncodedPart(dlp, `${name}: ${value}`, where, out);
    const basic = /^basic\s+([A-Za-z0-9+/=]+)\s*$/i.exec(value)?.[1];
    if (basic !== undefined && (name === "authorization" || name === "proxy-authorization")) {
      let decoded: string | undefined;
      try {
        decoded = atob(basic);
      } catch { /* not base64: scanned as sent above */ }
      if (decoded !== undefined) scanPart(dlp, decoded, where, out);
    }
  });
  scanJoined(dlp, values, JOINED_HEADERS, out, out);
  return dedupe(out);
}

/** Every finding in a request head: host, path and query, headers. */
export function scanRequestHead(
  dlp: HeadDlp,
  target: Target,
  headers: ReadonlyArray<readonly [string, string]>,
): DlpFinding[] {
  const out: DlpFinding[] = [];
  if (target.kind === "name") out.push(...scanHost(dlp, target.host));
  if (target.path !== "") out.push(...scanPathAndQuery(dlp, target.path));
  out.push(...scanHeaders(dlp, headers));
  return out;
}

/** One finding per detector and location. */
function dedupe(findings: DlpFinding[]): DlpFinding[] {
  const seen = new Set<string>();
  return findings.filter((f) => {
    const key = `${f.detector}\u0000${f.location}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
