/**
 * The files a bottle trusts its CA through, written by the supervisor into
 * the bottle's state folder (the image is read-only) and mounted read-only:
 * the CA certificate alone (for `NODE_EXTRA_CA_CERTS`, `DENO_CERT`, which add
 * to the built-in roots) and a bundle of the host's system store followed by
 * the CA (for `SSL_CERT_FILE`, `CURL_CA_BUNDLE`, `REQUESTS_CA_BUNDLE`,
 * `PIP_CERT`, `GIT_SSL_CAINFO`, which replace them). Neither holds a key.
 */
import { join } from "node:path";
import { certificateBlocks } from "./pem.ts";

/** Where Debian (and the agent image) keeps the system store as one PEM file. */
export const SYSTEM_CA_BUNDLE = "/etc/ssl/certs/ca-certificates.crt";

/** File names in the folder given to {@link writeCaFiles}. */
export const CA_FILE = "bottle-ca.pem";
export const BUNDLE_FILE = "ca-bundle.pem";

/** Paths of the written files. */
export interface CaFiles {
  readonly ca: string;
  readonly bundle: string;
}

/**
 * The bundle: every certificate of `systemPem` (other text dropped), then
 * the CA. Pure.
 */
export function renderCaBundle(systemPem: string, caPem: string): string {
  const blocks = certificateBlocks(systemPem);
  const ca = certificateBlocks(caPem);
  if (ca.length !== 1) throw new RangeError("the CA text must hold exactly one certificate");
  return [...blocks, ...ca].join("");
}

/**
 * Writes {@link CA_FILE} and {@link BUNDLE_FILE} into `dir`, readable by the
 * bottle's user (0644: public certificates, no key). A missing system store
 * leaves a bundle of the CA alone.
 */
export async function writeCaFiles(
  dir: string,
  caPem: string,
  systemBundle: string = SYSTEM_CA_BUNDLE,
): Promise<CaFiles> {
  let systemPem = "";
  try {
    systemPem = await Deno.readTextFile(systemBundle);
  } catch (error) {
    if (!(error instanceof Deno.errors.NotFound)) throw error;
  }
  const files = { ca: join(dir, CA_FILE), bundle: join(dir, BUNDLE_FILE) };
  await Deno.writeTextFile(files.ca, caPem, { mode: 0o644 });
  await Deno.writeTextFile(files.bundle, renderCaBundle(systemPem, caPem), { mode: 0o644 });
  // `mode` applies only when a file is created: make an older file match.
  await Deno.chmod(files.ca, 0o644);
  await Deno.chmod(files.bundle, 0o644);
  return files;
}
