/**
 * The content guard on model request heads, over real loopback sockets:
 * every header value and the query go through the known-secret canaries and
 * the credential detectors; a hit is a 403 before the upstream is contacted,
 * audited with the label, never the value. The phantom passes where it is
 * the credential.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { apiRequest, REAL, startApiProxy } from "../../tests/helpers/api_harness.ts";
import { startHttpUpstream } from "../../tests/helpers/loopback_upstreams.ts";
import { exchange, type RawResponse } from "../../tests/helpers/raw_http_client.ts";
import type { AuditEvent } from "../audit/audit_event.ts";
import { sampleFor } from "../dlp/testdata/synthetic_samples.ts";
import type { ApiProxyConfig } from "./api_proxy_config.ts";

/** A fromHost secret the bottle's env holds for real. */
const HOST_SECRET = "hunter2-correct-horse-battery-staple";
/** A GitHub token with a valid checksum, made up (synthetic_samples.ts). */
const GITHUB_LIKE = sampleFor("github_pat_classic", 1).secret;

async function get(
  target: string,
  extra: string[],
  config: Partial<ApiProxyConfig> = {},
): Promise<{ response: RawResponse; upstreamCalls: number; audit: AuditEvent[] }> {
  const upstream = startHttpUpstream();
  const proxy = startApiProxy(upstream.port, {
    guard: { knownSecrets: [{ label: "env:DEPLOY_TOKEN", value: HOST_SECRET, kind: "real" }] },
    ...config,
  });
  try {
    const response = await exchange(proxy.port, apiRequest("GET", target, extra), "GET");
    return { response, upstreamCalls: upstream.requests.length, audit: proxy.audit };
  } finally {
    await proxy.shutdown();
    await upstream.close();
  }
}

function noValueIn(audit: AuditEvent[], ...values: string[]): void {
  const text = JSON.stringify(audit);
  for (const value of values) ok(!text.includes(value), "the audit log holds a secret value");
}

Deno.test("api_refuses_known_secret_in_a_request_header", async () => {
  const cases: Array<[string, string]> = [
    [`User-Agent: claude-cli/2.0 ${HOST_SECRET}`, "header:user-agent"],
    [`X-Custom-Trace: ${btoa(REAL)}`, "header:x-custom-trace"],
    [`X-Api-Key: ${REAL}`, "header:x-api-key"],
  ];
  for (const [line, location] of cases) {
    const { response, upstreamCalls, audit } = await get("/v1/models", [line]);
    strictEqual(response.status, 403, line);
    strictEqual(response.headers.get("x-bottle-deny"), "dlp.known_secret");
    strictEqual(upstreamCalls, 0);
    strictEqual(audit[0]?.reason, "dlp.known_secret");
    ok(audit[0]?.dlp?.some((f) => f.blocked && f.location === location), JSON.stringify(audit));
    noValueIn(audit, HOST_SECRET, REAL);
  }
});

Deno.test("api_refuses_known_secret_in_the_query", async () => {
  for (const query of [`?beta=true&t=${HOST_SECRET}`, `?x=${encodeURIComponent(btoa(REAL))}`]) {
    const { response, upstreamCalls, audit } = await get(`/v1/models${query}`, []);
    strictEqual(response.status, 403, query);
    strictEqual(response.headers.get("x-bottle-deny"), "dlp.known_secret");
    strictEqual(upstreamCalls, 0);
    ok(audit[0]?.dlp?.some((f) => f.blocked && f.location.startsWith("query:")));
    noValueIn(audit, HOST_SECRET, REAL);
  }
});

Deno.test("api_refuses_a_detected_credential_in_a_header_or_the_query", async () => {
  const inHeader = await get("/v1/models", [`X-Debug: token ${GITHUB_LIKE}`]);
  strictEqual(inHeader.response.status, 403);
  ok(inHeader.response.headers.get("x-bottle-deny")?.startsWith("dlp.github"));
  strictEqual(inHeader.upstreamCalls, 0);
  const inQuery = await get(`/v1/models?token=${GITHUB_LIKE}`, []);
  strictEqual(inQuery.response.status, 403);
  strictEqual(inQuery.upstreamCalls, 0);
  noValueIn([...inHeader.audit, ...inQuery.audit], GITHUB_LIKE);
});

Deno.test("api_allows_the_phantom_in_its_credential_header_and_ordinary_headers", async () => {
  const { response, upstreamCalls, audit } = await get("/v1/models?beta=true", [
    "User-Agent: claude-cli/2.1.0 (external, cli)",
    "anthropic-beta: oauth-2025-04-20,claude-code-20250219",
    "X-Stainless-Lang: js",
    "x-claude-code-session-id: 6f1c2a4e-8d3b-4c5a-9e7f-0a1b2c3d4e5f",
  ]);
  strictEqual(response.status, 200);
  strictEqual(upstreamCalls, 1);
  deepStrictEqual(audit[0]?.dlp, undefined);
});
