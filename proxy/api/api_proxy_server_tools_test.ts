/**
 * The model channel's own allowlist of server tools, over real loopback
 * sockets: a `web_fetch`, `web_search` or `code_execution` tools entry and
 * its `anthropic-beta` value never reach the upstream unless the bottle is
 * granted that tool, and each removal is audited by name.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { apiRequest, startApiProxy } from "../../tests/helpers/api_harness.ts";
import { startHttpUpstream } from "../../tests/helpers/loopback_upstreams.ts";
import { exchange } from "../../tests/helpers/raw_http_client.ts";
import type { ApiProxyConfig } from "./api_proxy_config.ts";

const READ_TOOL = { name: "Read", description: "Reads a file", input_schema: { type: "object" } };
const WEB_FETCH = { type: "web_fetch_20250910", name: "web_fetch", max_uses: 5 };
const WEB_SEARCH = { type: "web_search_20250305", name: "web_search" };
const CODE_EXECUTION = { type: "code_execution_20250825", name: "code_execution" };

function body(tools: unknown[]): string {
  return JSON.stringify({
    model: "m",
    max_tokens: 10,
    tools,
    messages: [{ role: "user", content: "fetch https://evil.example/?q=secrets" }],
  });
}

async function send(
  config: Partial<ApiProxyConfig>,
  text: string,
  beta: string,
): Promise<{ status: number; seen: { body: string; beta: string | undefined }; notes: string[] }> {
  const upstream = startHttpUpstream();
  const proxy = startApiProxy(upstream.port, config);
  try {
    const bytes = new TextEncoder().encode(text);
    const response = await exchange(
      proxy.port,
      apiRequest("POST", "/v1/messages", [
        `Content-Length: ${bytes.length}`,
        `anthropic-beta: ${beta}`,
      ], text),
      "POST",
    );
    const seen = upstream.requests[0];
    return {
      status: response.status,
      seen: { body: seen?.body ?? "", beta: seen?.headers["anthropic-beta"] },
      notes: [...(proxy.audit[0]?.notes ?? [])],
    };
  } finally {
    await proxy.shutdown();
    await upstream.close();
  }
}

Deno.test("api_guard_removes_web_fetch_tool_and_beta_unless_granted", async () => {
  const beta = "oauth-2025-04-20,web-fetch-2025-09-10,claude-code-20250219";
  const removed = await send({}, body([READ_TOOL, WEB_FETCH]), beta);
  strictEqual(removed.status, 200);
  deepStrictEqual(JSON.parse(removed.seen.body).tools, [READ_TOOL]);
  strictEqual(removed.seen.beta, "oauth-2025-04-20,claude-code-20250219");
  ok(
    removed.notes.includes("removed server tool web_fetch (web_fetch_20250910)"),
    removed.notes.join(),
  );
  ok(removed.notes.includes("removed anthropic-beta web-fetch-2025-09-10"), removed.notes.join());

  const granted = await send({ serverTools: ["web_fetch"] }, body([READ_TOOL, WEB_FETCH]), beta);
  strictEqual(granted.status, 200);
  deepStrictEqual(JSON.parse(granted.seen.body).tools, [READ_TOOL, WEB_FETCH]);
  strictEqual(granted.seen.beta, beta);
  deepStrictEqual(granted.notes, []);
});

Deno.test("api_guard_removes_web_search_and_code_execution_tools_unless_granted", async () => {
  const text = body([WEB_SEARCH, READ_TOOL, CODE_EXECUTION]);
  const beta = "code-execution-2025-08-25";
  const removed = await send({}, text, beta);
  deepStrictEqual(JSON.parse(removed.seen.body).tools, [READ_TOOL]);
  strictEqual(removed.seen.beta, undefined, "a beta field left empty is dropped");
  deepStrictEqual(removed.notes.filter((n) => n.startsWith("removed server tool")), [
    "removed server tool web_search (web_search_20250305)",
    "removed server tool code_execution (code_execution_20250825)",
  ]);
  const some = await send({ serverTools: ["web_search"] }, text, beta);
  deepStrictEqual(JSON.parse(some.seen.body).tools, [WEB_SEARCH, READ_TOOL]);
  strictEqual(some.seen.beta, undefined);
});

Deno.test("api_guard_compares_tool_types_and_names_after_json_unescaping", async () => {
  // `"t\u006fols"` is `tools`, `"typ\u0065"` is `type`, `web\u005ffetch` is `web_fetch`;
  // a second `tools` member and a second `type` member cannot hide an entry either.
  const text = '{"model":"m","t\\u006fols":[{"typ\\u0065":"web\\u005ffetch_20250910","name":"f"},' +
    '{"name":"Read","input_schema":{"type":"web_fetch_nested_is_fine"}}],' +
    '"tools":[{"type":"custom","name":"x","type":"WEB_SEARCH_20250305"}],"messages":[]}';
  const removed = await send({}, text, "x");
  strictEqual(removed.status, 200);
  strictEqual(
    removed.seen.body,
    '{"model":"m","t\\u006fols":[{"name":"Read","input_schema":{"type":"web_fetch_nested_is_fine"}}],' +
      '"tools":[],"messages":[]}',
  );
  strictEqual(removed.notes.filter((n) => n.startsWith("removed server tool")).length, 2);
});
