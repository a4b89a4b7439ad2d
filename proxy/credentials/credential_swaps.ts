/**
 * Which phantoms in an intercepted request head may be swapped for their real
 * values, and the swap itself. A phantom may be swapped where a client puts a
 * credential — any header value, the password (or user) inside
 * `Authorization: Basic`, a query value — and only toward a host (and path)
 * its credential names. A phantom anywhere else — another host, a path not
 * granted, the request path or host itself, a header name, any other
 * encoding (base64, hex, reversed…) — is a finding that refuses the request:
 * `credential.path_not_granted` when only the path is wrong, else
 * `dlp.phantom_misuse`. Bodies are the DLP body scanner's to judge. Pure: a
 * head in, a decision out; the proxy does the I/O.
 */
import {
  type CanarySet,
  compileCanaries,
  findKnownSecret,
  findKnownSecretIgnoringCase,
} from "../dlp/mod.ts";
import type { DlpFinding } from "../egress/egress_dlp.ts";
import { PLAIN_NAME } from "../egress/scan_request_head.ts";
import {
  compileCredentialGrant,
  type CredentialGrant,
  credentialHostMatches,
  credentialPhantomLabel,
  type CredentialSpec,
  pathGranted,
} from "./credential_grant.ts";

/** Detector name of a phantom found where it may not go. */
export const PHANTOM_MISUSE = "phantom_misuse";
/** Deny code of a phantom headed for a host it does not belong to, or in a form it may not take. */
export const PHANTOM_MISUSE_CODE = "dlp.phantom_misuse";
/** Deny code of a phantom headed for its own host, under a path its credential does not name. */
export const PATH_NOT_GRANTED_CODE = "credential.path_not_granted";

/** A bottle's credentials, compiled once for every lookup. */
export interface CredentialTable {
  readonly grants: readonly CredentialGrant[];
  /** Every phantom in every encoding, to find one in a form it may not be swapped in. */
  readonly phantoms: CanarySet;
}

/** Compiles a bottle's credentials (throws on one the start should have refused). */
export function compileCredentialTable(specs: readonly CredentialSpec[]): CredentialTable {
  const grants = specs.map(compileCredentialGrant);
  const phantoms = compileCanaries(
    grants.map((g) => ({
      label: credentialPhantomLabel(g.name),
      value: g.phantom,
      kind: "phantom",
    })),
  );
  return { grants, phantoms };
}

/** What the lookup is given of one request inside an intercepted connection. */
export interface CredentialRequest {
  /** The normalised host the connection was opened to (the CONNECT target). */
  readonly host: string;
  readonly port: number;
  /** The origin-form request target: `/path?query`. */
  readonly target: string;
  readonly headers: ReadonlyArray<readonly [string, string]>;
}

/** One credential to swap in a request, and where its phantom was found. */
export interface CredentialSwap {
  readonly name: string;
  readonly phantom: string;
  readonly real: string;
  /** `header:<name>`, `query:<name>` (or `…:#<n>` for a name not plain enough to write). */
  readonly locations: readonly string[];
}

/** The lookup's answer: the swaps to make, or why the request must be refused. */
export type SwapDecision =
  | { readonly kind: "allow"; readonly swaps: readonly CredentialSwap[] }
  | {
    readonly kind: "deny";
    readonly code: string;
    readonly reason: string;
    /** The finding to audit (never the value): detector `phantom_misuse`, which credential. */
    readonly finding: DlpFinding;
  };

/** A phantom seen in a place it may be swapped: which credential, where. */
interface Seen {
  readonly grant: CredentialGrant;
  readonly location: string;
}

/** A phantom seen where it may never be swapped, in whichever encoding. */
interface Misplaced {
  readonly label: string;
  readonly location: string;
  readonly encoding: string;
}

/** Decides which phantoms of `request` are swapped, or refuses it. */
export function planSwaps(table: CredentialTable, request: CredentialRequest): SwapDecision {
  const seen: Seen[] = [];
  const misplaced: Misplaced[] = [];
  const { path, pairs } = splitTarget(request.target);
  inspect(table, request.host, "host", misplaced, { foldCase: true });
  inspect(table, path, "path", misplaced, { decode: true });
  pairs.forEach(({ name, value }, index) => {
    const location = PLAIN_NAME.test(name) ? `query:${name}` : `query:#${index + 1}`;
    inspect(table, name, location, misplaced, { decode: true });
    // As sent, or percent-encoded as encodeURIComponent would; any other spelling is misuse.
    const rest = collect(table, value, location, seen, true);
    inspect(table, rest, location, misplaced, { decode: true });
  });
  request.headers.forEach(([name, value], index) => {
    const location = PLAIN_NAME.test(name) ? `header:${name}` : `header:#${index + 1}`;
    inspect(table, name, location, misplaced);
    const basic = name === "authorization" ? basicCredentials(value) : undefined;
    if (basic !== undefined && table.grants.some((g) => basic.includes(g.phantom))) {
      // The base64 of the value carries the phantom by design: its decoded rest is what is judged.
      inspect(table, collect(table, basic, location, seen), location, misplaced);
      return;
    }
    inspect(table, collect(table, value, location, seen), location, misplaced);
    if (basic !== undefined) inspect(table, basic, location, misplaced);
  });
  const wrong = misplaced[0];
  if (wrong !== undefined) {
    return deny(PHANTOM_MISUSE_CODE, wrong, "where a credential may not go");
  }
  const offHost = seen.find(({ grant }) => !hostGranted(grant, request));
  if (offHost !== undefined) {
    return deny(
      PHANTOM_MISUSE_CODE,
      {
        label: credentialPhantomLabel(offHost.grant.name),
        location: offHost.location,
        encoding: "raw",
      },
      `to ${request.host}:${request.port}, a host its credential does not name`,
    );
  }
  const offPath = seen.find(({ grant }) => !pathGranted(grant.paths, request.target));
  if (offPath !== undefined) {
    return deny(
      PATH_NOT_GRANTED_CODE,
      {
        label: credentialPhantomLabel(offPath.grant.name),
        location: offPath.location,
        encoding: "raw",
      },
      `under a path its credential does not name`,
    );
  }
  const swaps = new Map<string, { grant: CredentialGrant; locations: string[] }>();
  for (const { grant, location } of seen) {
    const swap = swaps.get(grant.name) ?? { grant, locations: [] };
    if (!swap.locations.includes(location)) swap.locations.push(location);
    swaps.set(grant.name, swap);
  }
  return {
    kind: "allow",
    swaps: [...swaps.values()].map(({ grant, locations }) => ({
      name: grant.name,
      phantom: grant.phantom,
      real: grant.real,
      locations,
    })),
  };
}

/**
 * Records each phantom in `text` as seen at `location` (also percent-encoded,
 * for a query value); returns the text without them, for the misuse check.
 */
function collect(
  table: CredentialTable,
  text: string,
  location: string,
  seen: Seen[],
  percent = false,
): string {
  let rest = text;
  for (const grant of table.grants) {
    const spellings = percent
      ? [grant.phantom, encodeURIComponent(grant.phantom)]
      : [grant.phantom];
    if (!spellings.some((spelling) => rest.includes(spelling))) continue;
    seen.push({ grant, location });
    for (const spelling of spellings) rest = rest.replaceAll(spelling, " ");
  }
  return rest;
}

/** Records any phantom found in `text` in any encoding (or as sent and percent-decoded). */
function inspect(
  table: CredentialTable,
  text: string,
  location: string,
  misplaced: Misplaced[],
  options: { readonly decode?: boolean; readonly foldCase?: boolean } = {},
): void {
  const texts = options.decode === true ? [text, percentDecoded(text)] : [text];
  for (const candidate of texts) {
    const hit = options.foldCase === true
      ? findKnownSecretIgnoringCase(table.phantoms, candidate)
      : findKnownSecret(table.phantoms, candidate);
    if (hit !== undefined) {
      misplaced.push({ label: hit.label, location, encoding: hit.encoding });
      return;
    }
  }
}

function hostGranted(grant: CredentialGrant, request: CredentialRequest): boolean {
  return grant.hosts.some((host) => credentialHostMatches(host, request.host, request.port));
}

function deny(code: string, what: Misplaced, where: string): SwapDecision {
  return {
    kind: "deny",
    code,
    reason: `a phantom credential was headed ${where} (${what.location}); ` +
      "it is swapped for the real value only toward the hosts and paths the manifest grants",
    finding: {
      detector: PHANTOM_MISUSE,
      location: what.location,
      secret: { label: what.label, kind: "phantom", encoding: what.encoding },
    },
  };
}

/** The path and the query's name/value pairs of an origin-form target, as sent. */
function splitTarget(target: string): {
  path: string;
  pairs: Array<{ name: string; value: string }>;
} {
  const q = target.indexOf("?");
  if (q === -1) return { path: target, pairs: [] };
  const pairs = target.slice(q + 1).split("&").filter((pair) => pair !== "").map((pair) => {
    const eq = pair.indexOf("=");
    return eq === -1
      ? { name: pair, value: "" }
      : { name: pair.slice(0, eq), value: pair.slice(eq + 1) };
  });
  return { path: target.slice(0, q), pairs };
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

/** The decoded `user:password` of a Basic credential (one byte per character), if it is one. */
function basicCredentials(value: string): string | undefined {
  const encoded = /^basic\s+([A-Za-z0-9+/]+={0,2})\s*$/i.exec(value)?.[1];
  if (encoded === undefined) return undefined;
  try {
    return atob(encoded);
  } catch {
    return undefined;
  }
}

/** A string as its UTF-8 bytes, one character per byte (what `btoa` takes). */
function utf8Binary(text: string): string {
  return String.fromCharCode(...new TextEncoder().encode(text));
}

/**
 * The request head with each swap made: in every header value, inside
 * `Authorization: Basic` (decoded, swapped, encoded again), and in query
 * values (the real value percent-encoded). Only for swaps `planSwaps` allowed
 * for this same head.
 */
export function applySwaps(
  request: Pick<CredentialRequest, "target" | "headers">,
  swaps: readonly CredentialSwap[],
): { target: string; headers: Array<[string, string]> } {
  if (swaps.length === 0) {
    return { target: request.target, headers: request.headers.map(([n, v]) => [n, v]) };
  }
  const headers = request.headers.map(([name, value]): [string, string] => {
    const basic = name === "authorization" ? basicCredentials(value) : undefined;
    if (basic !== undefined && swaps.some((s) => basic.includes(s.phantom))) {
      let swapped = basic;
      for (const s of swaps) swapped = swapped.replaceAll(s.phantom, utf8Binary(s.real));
      const scheme = value.slice(0, value.search(/\s/));
      return [name, `${scheme} ${btoa(swapped)}`];
    }
    let swapped = value;
    for (const s of swaps) swapped = swapped.replaceAll(s.phantom, s.real);
    return [name, swapped];
  });
  const q = request.target.indexOf("?");
  if (q === -1) return { target: request.target, headers };
  const query = request.target.slice(q + 1).split("&").map((pair) => {
    const eq = pair.indexOf("=");
    if (eq === -1) return pair;
    let value = pair.slice(eq + 1);
    for (const s of swaps) {
      const real = encodeURIComponent(s.real);
      value = value.replaceAll(s.phantom, real).replaceAll(encodeURIComponent(s.phantom), real);
    }
    return `${pair.slice(0, eq)}=${value}`;
  });
  return { target: `${request.target.slice(0, q)}?${query.join("&")}`, headers };
}
