import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import type { ApiProxyConfig } from "./api_proxy_config.ts";
import { guardRequestBody } from "./guard_request_body.ts";
import { resolveApiGuard } from "./resolve_api_guard.ts";

/** Shaped like an Anthropic API key, so the DLP detectors would redact it too. */
const REAL = `sk-ant-api03-${"Rk9vQmFyQmF6".repeat(7)}realKeyForTheGuardTest_AA`;
const encoder = new TextEncoder();
const decoder = new TextDecoder();

function guard(extra: Partial<ApiProxyConfig> = {}) {
  return resolveApiGuard({
    bottle: "t",
    upstream: "https://api.anthropic.com",
    credential: { type: "apiKey", value: REAL },
    phantom: "sk-ant-api03-phantom-for-the-guard-test",
    ...extra,
  });
}

Deno.test("guardRequestBody() forwards a clean body as the very same bytes, with no notes", () => {
  const body = encoder.encode('{"model":"m","messages":[{"role":"user","content":"hi 👋"}]}');
  const result = guardRequestBody(body, guard());
  ok(result.action === "forward");
  strictEqual(result.body, body);
  deepStrictEqual(result.notes, []);
});

Deno.test("guardRequestBody() notes counts per category, sorted, never the removed text", () => {
  const body = encoder.encode('{"a":"x\u200b\u200b\u202e\u{E0041}y"}');
  const result = guardRequestBody(body, guard());
  ok(result.action === "forward");
  strictEqual(decoder.decode(result.body), '{"a":"xy"}');
  deepStrictEqual(result.notes, ["unicode removed bidi_control=1 tag=1 zero_width=2"]);
});

Deno.test("guardRequestBody() blocks the API credential whatever else is configured", () => {
  const body = encoder.encode(`{"a":"${REAL}"}`);
  for (const extra of [{}, { guard: { sanitizeUnicode: false, knownSecrets: [] } }]) {
    const result = guardRequestBody(body, guard(extra));
    ok(result.action === "refuse");
    strictEqual(result.refusal.status, 403);
    strictEqual(result.refusal.code, "dlp.known_secret");
    ok(!JSON.stringify(result).includes(REAL));
  }
});

Deno.test("guardRequestBody() checks the canaries before redaction, so a redactable credential still blocks", () => {
  // An Anthropic API key is also what a detector would redact; it must be refused, not masked.
  const result = guardRequestBody(
    encoder.encode(`{"a":"${REAL}"}`),
    guard({ guard: { redactModelInput: true } }),
  );
  strictEqual(result.action, "refuse");
});

Deno.test("guardRequestBody() refuses what is not one JSON object, after sanitising", () => {
  for (const text of ['["a"]', '{"a":1} {"b":2}', '{"a":"\u200b\\x"}']) {
    const result = guardRequestBody(encoder.encode(text), guard());
    ok(result.action === "refuse", text);
    strictEqual(result.refusal.status, 400, text);
    strictEqual(result.refusal.code, "api.bad_body", text);
  }
});

Deno.test("guardRequestBody() removes URL-fetching fields after sanitising their names", () => {
  const result = guardRequestBody(
    encoder.encode('{"mcp_\\u200bservers":[1],"model":"m"}'),
    guard(),
  );
  ok(result.action === "forward");
  strictEqual(decoder.decode(result.body), '{"model":"m"}');
  deepStrictEqual(result.notes, ["unicode removed zero_width=1", "removed field mcp_servers"]);
});
