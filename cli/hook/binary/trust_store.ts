/**
 * The trust-on-first-use store: the hash each executable outside the image
 * had the first time it ran. The supervisor keeps it on the host and mounts
 * it read-only at /run/bottle/trust.json; the hook reads it and reports new
 * first runs, and the supervisor records them with `recordTrust`.
 *
 *     {"version": 1, "binaries": {"/workspace/build.sh": {"sha256": "<64 hex>"}}}
 */

/** Where the store is mounted inside a bottle. */
export const TRUST_STORE_PATH = "/run/bottle/trust.json";

/** One executable's first-seen hash. */
export interface TrustEntry {
  readonly sha256: string;
}

/** The store: first-seen hashes by absolute path (symlinks resolved). */
export interface TrustStore {
  readonly version: 1;
  readonly binaries: Readonly<Record<string, TrustEntry>>;
}

/** A first run the hook saw, for the supervisor to record. */
export interface TrustRecord {
  readonly path: string;
  readonly sha256: string;
}

/** The store of a bottle that has run nothing outside its image yet. */
export const EMPTY_TRUST_STORE: TrustStore = Object.freeze({
  version: 1,
  binaries: Object.freeze({}),
});

const SHA256 = /^[0-9a-f]{64}$/;

/** Validates a parsed store; throws on anything malformed (the hook then denies). */
export function parseTrustStore(json: unknown): TrustStore {
  if (json === null || typeof json !== "object" || Array.isArray(json)) {
    throw new Error("trust store: not an object");
  }
  const top = json as Record<string, unknown>;
  if (top.version !== 1) throw new Error("trust store: version must be 1");
  const keys = Object.keys(top).filter((k) => k !== "version" && k !== "binaries");
  if (keys.length > 0) throw new Error(`trust store: unknown key "${keys[0]}"`);
  const binaries = top.binaries;
  if (binaries === null || typeof binaries !== "object" || Array.isArray(binaries)) {
    throw new Error("trust store: binaries must be an object");
  }
  const out: Record<string, TrustEntry> = {};
  for (const [path, entry] of Object.entries(binaries)) {
    const sha256 = (entry as { sha256?: unknown } | null)?.sha256;
    if (!isAbsolutePath(path) || typeof sha256 !== "string" || !SHA256.test(sha256)) {
      throw new Error(`trust store: bad entry for ${JSON.stringify(path)}`);
    }
    out[path] = Object.freeze({ sha256 });
  }
  return Object.freeze({ version: 1, binaries: Object.freeze(out) });
}

/**
 * The store with `path` recorded as first seen with `sha256`. The first record
 * of a path wins: a later record with another hash leaves the store unchanged,
 * so a forged "first run" report cannot replace the hash a changed binary is
 * judged against. Throws on a relative path or a malformed hash.
 */
export function recordTrust(store: TrustStore, path: string, sha256: string): TrustStore {
  if (!isAbsolutePath(path)) {
    throw new Error(`trust record: ${JSON.stringify(path)} is not an absolute path`);
  }
  if (!SHA256.test(sha256)) {
    throw new Error("trust record: the hash is not 64 lowercase hex digits");
  }
  if (Object.hasOwn(store.binaries, path)) return store;
  return Object.freeze({
    version: 1,
    binaries: Object.freeze({ ...store.binaries, [path]: Object.freeze({ sha256 }) }),
  });
}

/** The recorded first-seen hash of `path`, if any. */
export function trustedHash(store: TrustStore, path: string): string | undefined {
  return Object.hasOwn(store.binaries, path) ? store.binaries[path]!.sha256 : undefined;
}

function isAbsolutePath(path: string): boolean {
  return path.startsWith("/") && !path.includes("\0") &&
    path.split("/").slice(1).every((s) => s !== "" && s !== "." && s !== "..");
}
