/**
 * What the supervisor makes and reads at start for TLS interception: the
 * bottle's own CA (BottleCa: its key is non-extractable and lives only in
 * this process), constrained to the names the bottle's allowlist grants on a
 * TLS port that `egress.tunnel` does not keep opaque; the host's system trust
 * store, read once, for the bundle the bottle trusts and for verifying the
 * destinations; and — a test seam — the roots of `BOTTLE_TEST_UPSTREAM_CA`,
 * so integration tests can serve TLS on loopback with a test CA. A bottle
 * with nothing to intercept gets nothing: no CA, no files, no interception.
 */
import { BottleCa } from "../../proxy/tls/bottle_ca.ts";
import { renderCaBundle, SYSTEM_CA_BUNDLE } from "../../proxy/tls/ca_files.ts";
import { certificateBlocks } from "../../proxy/tls/pem.ts";
import type { BottlePlan } from "../bottle/plan.ts";
import { interceptionOf } from "../bottle/interception.ts";
import { UsageError } from "../errors.ts";
import { TEST_UPSTREAM_CA_VARIABLE } from "./supervisor_input.ts";

/** A bottle's TLS material: the CA and the roots destinations are verified against. */
export interface BottleTls {
  readonly ca: BottleCa;
  /** The host's system store followed by the CA: the bundle the bottle trusts. */
  readonly bundlePem: string;
  /** PEM texts the proxy verifies destinations against, on top of Deno's own roots. */
  readonly upstreamRoots: readonly string[];
}

/** Where the inputs are read from; defaults are the real host's. */
export interface BottleTlsSources {
  /** The host's system store; default /etc/ssl/certs/ca-certificates.crt. */
  readonly systemBundle?: string;
  /** The test seam's file (SupervisorInput.testUpstreamCaFile), if any. */
  readonly testUpstreamCaFile?: string;
}

/** Makes the CA of `plan` and reads the roots; undefined when nothing is intercepted. */
export async function prepareBottleTls(
  plan: Pick<BottlePlan, "name" | "egressAllow" | "credentials" | "egressTunnel">,
  sources: BottleTlsSources = {},
): Promise<BottleTls | undefined> {
  const { caHosts } = interceptionOf(plan);
  if (caHosts.length === 0) return undefined;
  const [ca, systemPem, testPem] = await Promise.all([
    BottleCa.create({ bottle: plan.name, hosts: caHosts }),
    readOptional(sources.systemBundle ?? SYSTEM_CA_BUNDLE),
    sources.testUpstreamCaFile === undefined
      ? Promise.resolve("")
      : readTestRoots(sources.testUpstreamCaFile),
  ]);
  const upstreamRoots = [systemPem, testPem].filter((pem) => certificateBlocks(pem).length > 0);
  return { ca, bundlePem: renderCaBundle(systemPem, ca.certificatePem), upstreamRoots };
}

/** The text of `path`, or "" when there is no such file (a host without a system store). */
async function readOptional(path: string): Promise<string> {
  try {
    return await Deno.readTextFile(path);
  } catch (error) {
    if (error instanceof Deno.errors.NotFound) return "";
    throw error;
  }
}

/** The test seam's certificates; a file that cannot be read or holds none fails the start. */
async function readTestRoots(path: string): Promise<string> {
  let text: string;
  try {
    text = await Deno.readTextFile(path);
  } catch (error) {
    throw new UsageError(
      "test_upstream_ca",
      `${TEST_UPSTREAM_CA_VARIABLE} names ${path}, which cannot be read: ${
        (error as Error).message
      }`,
      { hint: `unset ${TEST_UPSTREAM_CA_VARIABLE}: it is a test seam` },
    );
  }
  const blocks = certificateBlocks(text);
  if (blocks.length === 0) {
    throw new UsageError(
      "test_upstream_ca",
      `${TEST_UPSTREAM_CA_VARIABLE} names ${path}, which holds no certificate`,
      { hint: `unset ${TEST_UPSTREAM_CA_VARIABLE}: it is a test seam` },
    );
  }
  return blocks.join("");
}
