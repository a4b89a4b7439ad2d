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
  ok(result.kind === "forward");
  strictEqual(result.body, body);
  deepStrictEqual(result.notes, []);
});

Deno.test("guardRequestBody() notes counts per category, sorted, never the removed text", () => {
  const body = encoder.encode('{"a":"x\u200b\u200b\u202e\u{E0041}y"}');
  const result = guardRequestBody(body, guard());
  ok(result.kind === "forward");
  strictEqual(decoder.decode(result.body), '{"a":"xy"}');
  deepStrictEqual(result.notes, ["unicode removed bidi_control=1 tag=1 zero_width=2"]);
});

Deno.test("guardRequestBody() withholds the API credential whatever else is configured", () => {
  const body = encoder.encode(`{"a":"key: ${REAL}!"}`);
  for (const extra of [{}, { guard: { sanitizeUnicode: false, knownSecrets: [] } }]) {
    const result = guardRequestBody(body, guard(extra));
    ok(result.kind === "forward");
    strictEqual(
      decoder.decode(result.body),
      '{"a":"key: [bottle: secret api_credential withheld]!"}',
    );
    ok(!JSON.stringify(result).includes(REAL));
    deepStrictEqual(result.notes, ["dlp.known_secret api_credential (real, raw) withheld"]);
  }
});

Deno.test("guardRequestBody() withholds every spelling of a secret, in values and member names", () => {
  const hex = [...encoder.encode(REAL)].map((b) => b.toString(16).padStart(2, "0")).join("");
  const escaped = [...REAL].map((c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`)
    .join("");
  const body = encoder.encode(
    `{"${REAL}":["${btoa(REAL)}","${hex}","${escaped}","${[...REAL].join("\u200b")}"]}`,
  );
  const result = guardRequestBody(body, guard());
  ok(result.kind === "forward", JSON.stringify(result));
  const text = decoder.decode(result.body);
  const marker = "[bottle: secret api_credential withheld]";
  strictEqual(text.split(marker).length - 1, 5, text);
  ok(!text.includes(REAL) && !text.includes(btoa(REAL)) && !text.includes(hex), text);
});

Deno.test("guardRequestBody() refuses a secret it cannot replace inside one string", () => {
  // Base64 of the credential cut over two strings: neither string holds it; the
  // decoded strings, joined by line breaks, spell it line-wrapped.
  const b64 = btoa(REAL);
  const half = Math.floor(b64.length / 2);
  const body = `{"a":["${b64.slice(0, half)}","${b64.slice(half)}"],"e":"\\u0041"}`;
  const result = guardRequestBody(encoder.encode(body), guard());
  ok(result.kind === "refuse");
  strictEqual(result.refusal.status, 403);
  strictEqual(result.refusal.code, "dlp.known_secret");
  ok(!JSON.stringify(result).includes(REAL));
});

Deno.test("guardRequestBody() withholds a redactable credential by name before redaction", () => {
  // An Anthropic API key is also what a detector would redact; the audit must name it.
  const result = guardRequestBody(
    encoder.encode(`{"a":"${REAL}"}`),
    guard({ guard: { redactModelInput: true } }),
  );
  ok(result.kind === "forward");
  strictEqual(decoder.decode(result.body), '{"a":"[bottle: secret api_credential withheld]"}');
});

Deno.test("guardRequestBody() refuses what is not one JSON object, after sanitising", () => {
  for (const text of ['["a"]', '{"a":1} {"b":2}', '{"a":"\u200b\\x"}']) {
    const result = guardRequestBody(encoder.encode(text), guard());
    ok(result.kind === "refuse", text);
    strictEqual(result.refusal.status, 400, text);
    strictEqual(result.refusal.code, "api.bad_body", text);
  }
});

Deno.test("guardRequestBody() removes URL-fetching fields after sanitising their names", () => {
  const result = guardRequestBody(
    encoder.encode('{"mcp_\\u200bservers":[1],"model":"m"}'),
    guard(),
  );
  ok(result.kind === "forward");
  strictEqual(decoder.decode(result.body), '{"model":"m"}');
  deepStrictEqual(result.notes, ["unicode removed zero_width=1", "removed field mcp_servers"]);
});
