/**
 * The API proxy over real loopback sockets, against the fake Messages API:
 * each test is named for the property it proves.
 */
import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import {
  encodeSse,
  type FakeMessagesApi,
  startFakeMessagesApi,
  textReply,
} from "../../tests/helpers/fake_messages_api.ts";
import { eventually } from "../../tests/helpers/api_harness.ts";
import { within } from "../../tests/helpers/within.ts";
import type { AuditEvent } from "../audit/audit_event.ts";
import { type ApiProxyConfig, serveApiProxy } from "./serve_api_proxy.ts";

const REAL = "sk-ant-oat01-REAL-secret-value-0123456789abcdef";
const PHANTOM = "sk-ant-oat01-PHANTOM-value-abcdef0123456789";

interface Harness {
  readonly fake: FakeMessagesApi;
  readonly url: string;
  readonly audit: AuditEvent[];
  readonly close: () => Promise<void>;
}

function harness(overrides: Partial<ApiProxyConfig> = {}): Harness {
  const fake = startFakeMessagesApi();
  const audit: AuditEvent[] = [];
  const server = serveApiProxy(
    { port: 0 },
    {
      bottle: "test",
      upstream: fake.url,
      credential: { type: "oauth", value: REAL },
      phantom: PHANTOM,
      ...overrides,
    },
    { audit: (e) => audit.push(e) },
  );
  return {
    fake,
    url: `http://${server.address}`,
    audit,
    close: async () => {
      await server.shutdown();
      await fake.close();
    },
  };
}

function messagesRequest(url: string, init: RequestInit = {}): Promise<Response> {
  return fetch(`${url}/v1/messages?beta=true`, {
    method: "POST",
    headers: {
      authorization: `Bearer ${PHANTOM}`,
      "content-type": "application/json",
      "anthropic-version": "2023-06-01",
      "anthropic-beta": "oauth-2025-04-20,claude-code-20250219",
      "x-app": "cli",
      "user-agent": "claude-cli/2.1.328 (external, cli)",
      "x-claude-code-session-id": "session-1",
      ...(init.headers as Record<string, string> | undefined),
    },
    body: init.body ?? JSON.stringify({ model: "m", messages: [], stream: true }),
    redirect: "manual",
    ...(init.signal === undefined ? {} : { signal: init.signal }),
  });
}

Deno.test("api_forwards_with_the_real_credential_and_never_the_phantom", async () => {
  const h = await harness();
  try {
    const response = await messagesRequest(h.url);
    strictEqual(response.status, 200);
    match(await response.text(), /message_stop/);
    const seen = h.fake.requests[0]!;
    strictEqual(seen.headers.authorization, `Bearer ${REAL}`);
    ok(!JSON.stringify(seen).includes(PHANTOM), "the phantom reached upstream");
    strictEqual(seen.target, "/v1/messages?beta=true");
    await eventually(() => h.audit.length === 1, "the request's audit event");
    const [event] = h.audit;
    deepStrictEqual(
      [event!.method, event!.path, event!.status, event!.decision, event!.reason],
      ["POST", "/v1/messages?beta=*", 200, "allow", "api.forwarded"],
    );
    strictEqual(event!.credentialInjected, true);
  } finally {
    await h.close();
  }
});

Deno.test("api_injects_x_api_key_for_api_keys_and_drops_the_bottles_credential_headers", async () => {
  const h = await harness({ credential: { type: "apiKey", value: REAL } });
  try {
    const response = await fetch(`${h.url}/v1/messages`, {
      method: "POST",
      headers: {
        "x-api-key": PHANTOM,
        cookie: "session=steal-me",
        "proxy-authorization": "Basic c2VjcmV0",
        "content-type": "application/json",
      },
      body: "{}",
    });
    await response.body?.cancel();
    const seen = h.fake.requests[0]!.headers;
    strictEqual(seen["x-api-key"], REAL);
    deepStrictEqual([seen.authorization, seen.cookie, seen["proxy-authorization"]], [
      undefined,
      undefined,
      undefined,
    ]);
  } finally {
    await h.close();
  }
});

Deno.test("api_forwards_anthropic_headers_untouched", async () => {
  const h = await harness();
  try {
    await (await messagesRequest(h.url)).body?.cancel();
    const seen = h.fake.requests[0]!.headers;
    deepStrictEqual(
      [
        seen["anthropic-version"],
        seen["anthropic-beta"],
        seen["x-app"],
        seen["user-agent"],
        seen[
          "x-claude-code-session-id"
        ],
      ],
      [
        "2023-06-01",
        "oauth-2025-04-20,claude-code-20250219",
        "cli",
        "claude-cli/2.1.328 (external, cli)",
        "session-1",
      ],
    );
  } finally {
    await h.close();
  }
});

Deno.test("api_refuses_a_missing_or_wrong_credential_without_contacting_upstream", async () => {
  const h = await harness();
  try {
    for (
      const auth of [undefined, `Bearer ${REAL}`, "Bearer sk-ant-oat01-guess", `Basic ${PHANTOM}`]
    ) {
      const response = await fetch(`${h.url}/v1/messages`, {
        method: "POST",
        headers: auth === undefined ? {} : { authorization: auth },
        body: "{}",
      });
      strictEqual(response.status, 401);
      strictEqual(response.headers.get("x-bottle-deny"), "api.bad_credential");
      strictEqual((await response.json()).error.type, "authentication_error");
    }
    strictEqual(h.fake.requests.length, 0);
    await eventually(() => h.audit.length === 4, "an audit event per refusal");
    deepStrictEqual(
      h.audit.map((e) => [e.status, e.decision, e.reason, e.credentialInjected]),
      Array(4).fill([401, "deny", "api.bad_credential", false]),
    );
  } finally {
    await h.close();
  }
});

Deno.test("api_refuses_paths_off_the_allowlist_even_when_encoded_or_dotted", async () => {
  const h = await harness();
  try {
    for (
      const path of [
        "/v1/complete",
        "/v1/messages/../../admin",
        "/v1/%2e%2e/admin",
        "/v1/messages%2f..%2fbatches",
        "//v1/messages",
        "/v1/messages/batches",
        "/v1/models/../files",
        "/api/hello",
      ]
    ) {
      const conn = await Deno.connect({ hostname: "127.0.0.1", port: Number(new URL(h.url).port) });
      await conn.write(
        new TextEncoder().encode(
          `POST ${path} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${PHANTOM}\r\nContent-Length: 2\r\nConnection: close\r\n\r\n{}`,
        ),
      );
      const reply = new TextDecoder().decode(await new Response(conn.readable).arrayBuffer());
      match(reply, /^HTTP\/1\.1 404/, path);
      match(reply, /"type":"not_found_error"/, path);
    }
    strictEqual(h.fake.requests.length, 0, "nothing reached upstream");
    await eventually(() => h.audit.length === 8, "an audit event per refusal");
    ok(h.audit.every((e) => e.status === 404 && e.decision === "deny"), JSON.stringify(h.audit));
  } finally {
    await h.close();
  }
});

Deno.test("api_allows_exactly_the_messages_count_tokens_and_models_paths", async () => {
  const h = await harness();
  try {
    for (
      const [method, path] of [
        ["POST", "/v1/messages/count_tokens"],
        ["GET", "/v1/models"],
        ["GET", "/v1/models/claude-x"],
      ] as const
    ) {
      const response = await fetch(`${h.url}${path}`, {
        method,
        headers: { authorization: `Bearer ${PHANTOM}` },
        ...(method === "POST" ? { body: "{}" } : {}),
      });
      strictEqual(response.status, 200, path);
      await response.body?.cancel();
    }
  } finally {
    await h.close();
  }
});

Deno.test("api_streams_each_sse_event_before_the_next_exists", async () => {
  const h = await harness();
  let release: () => void = () => {};
  const gate = new Promise<void>((resolve) => release = resolve);
  const events = textReply("first", "second");
  // The fake holds back everything after the first event until the client has read it:
  // a proxy that buffered would never deliver it, and this test would time out.
  h.fake.script({ events, before: (i) => i === 1 ? gate : Promise.resolve() });
  try {
    const response = await within(5000, messagesRequest(h.url), "the response headers");
    const reader = response.body!.getReader();
    const first = await within(5000, reader.read(), "delivery of the first event");
    deepStrictEqual(first.value, encodeSse(events[0]!));
    release();
    let rest = "";
    for (let r = await reader.read(); !r.done; r = await reader.read()) {
      rest += new TextDecoder().decode(r.value);
    }
    match(rest, /"text":"second"/);
  } finally {
    release();
    await h.close();
  }
});

Deno.test("api_client_disconnect_cancels_the_upstream_stream_within_a_second", async () => {
  const h = await harness();
  const never = new Promise<void>(() => {});
  h.fake.script({ events: textReply("a", "b"), before: () => never });
  try {
    const controller = new AbortController();
    const response = await messagesRequest(h.url, { signal: controller.signal });
    const reader = response.body!.getReader();
    await reader.read();
    controller.abort();
    let timer: ReturnType<typeof setTimeout> | undefined;
    const late = new Promise<string>((resolve) => timer = setTimeout(() => resolve("late"), 1000));
    strictEqual(
      await Promise.race([h.fake.cancelled().then(() => "cancelled"), late]),
      "cancelled",
    );
    clearTimeout(timer);
  } finally {
    await h.close();
  }
});

/** A raw upstream that answers every request with `reply`, then closes the connection. */
function startTruncatingUpstream(reply: string): { url: string; close: () => Promise<void> } {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const serving = (async () => {
    for await (const conn of listener) {
      const buf = new Uint8Array(65536);
      await conn.read(buf);
      await conn.write(new TextEncoder().encode(reply));
      conn.close();
    }
  })();
  return {
    url: `http://127.0.0.1:${(listener.addr as Deno.NetAddr).port}`,
    close: async () => {
      listener.close();
      await serving.catch(() => {});
    },
  };
}

/**
 * Sends one raw request to the proxy and reads everything until the proxy
 * closes the connection. A read error fails the test: the proxy must end a
 * truncated response by closing, not by a reset or a hang.
 */
async function drain(address: string, request: string): Promise<string> {
  const [hostname, port] = address.split(":") as [string, string];
  const conn = await Deno.connect({ hostname, port: Number(port) });
  try {
    await conn.write(new TextEncoder().encode(request));
    const decoder = new TextDecoder();
    let text = "";
    const buf = new Uint8Array(65536);
    for (let n = await conn.read(buf); n !== null; n = await conn.read(buf)) {
      text += decoder.decode(buf.subarray(0, n), { stream: true });
    }
    return text + decoder.decode();
  } finally {
    conn.close();
  }
}

function rawMessagesRequest(): string {
  const body = JSON.stringify({ model: "m", messages: [], stream: true });
  return `POST /v1/messages HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${PHANTOM}\r\n` +
    `Content-Type: application/json\r\nContent-Length: ${body.length}\r\n\r\n${body}`;
}

/** Runs the proxy against an upstream that sends `reply` and closes; the client's bytes and the audit. */
async function throughTruncatingUpstream(
  reply: string,
): Promise<{ received: string; audit: AuditEvent[] }> {
  const upstream = startTruncatingUpstream(reply);
  const audit: AuditEvent[] = [];
  const server = serveApiProxy(
    { port: 0 },
    {
      bottle: "t",
      upstream: upstream.url,
      credential: { type: "oauth", value: REAL },
      phantom: PHANTOM,
    },
    { audit: (e) => audit.push(e) },
  );
  try {
    const received = await within(
      2000,
      drain(server.address, rawMessagesRequest()),
      "the end of the client stream",
    );
    return { received, audit };
  } finally {
    await server.shutdown();
    await upstream.close();
  }
}

const PING = "event: ping\ndata: {}\n\n";

Deno.test("api_upstream_reset_mid_stream_ends_the_client_stream without a last chunk", async () => {
  // Headers and one event in chunked framing, then the upstream closes: no last chunk.
  const { received, audit } = await throughTruncatingUpstream(
    "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\ntransfer-encoding: chunked\r\n\r\n" +
      `${PING.length.toString(16)}\r\n${PING}\r\n`,
  );
  match(received, /^HTTP\/1\.1 200 /);
  match(received, /\r\ntransfer-encoding: chunked\r\n/i);
  ok(received.includes(PING), received);
  // The truncation reaches the client: the connection closed before the final chunk.
  ok(!received.endsWith("0\r\n\r\n"), `the cut stream was re-framed as complete: ${received}`);
  deepStrictEqual(
    audit.map((e) => [e.channel, e.status, e.decision, e.reason, e.credentialInjected]),
    [["api", 200, "allow", "api.stream_ended_early", true]],
  );
  strictEqual(audit[0]!.bytesDown, PING.length);
});

Deno.test("api_upstream_cut_short_of_its_content_length_reaches_the_client_short", async () => {
  const { received, audit } = await throughTruncatingUpstream(
    "HTTP/1.1 200 OK\r\ncontent-type: application/json\r\ncontent-length: 100\r\n\r\n" +
      '{"partial"',
  );
  const at = received.indexOf("\r\n\r\n");
  ok(at > 0, received);
  match(received.slice(0, at), /\r\ncontent-length: 100(\r\n|$)/i);
  // The client sees the promised length and fewer bytes, then the close: a truncation.
  strictEqual(received.slice(at + 4), '{"partial"');
  deepStrictEqual(
    audit.map((e) => [e.channel, e.status, e.decision, e.reason]),
    [["api", 200, "allow", "api.stream_ended_early"]],
  );
  strictEqual(audit[0]!.bytesDown, '{"partial"'.length);
});

Deno.test("api_upstream_unreachable_is_a_502_with_an_anthropic_style_error", async () => {
  const closed = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const port = (closed.addr as Deno.NetAddr).port;
  closed.close();
  const server = serveApiProxy(
    { port: 0 },
    {
      bottle: "t",
      upstream: `http://127.0.0.1:${port}`,
      credential: { type: "oauth", value: REAL },
      phantom: PHANTOM,
    },
    { audit: () => {} },
  );
  try {
    const response = await messagesRequest(`http://${server.address}`);
    strictEqual(response.status, 502);
    const body = await response.json();
    deepStrictEqual([body.type, body.error.type], ["error", "api_error"]);
  } finally {
    await server.shutdown();
  }
});

Deno.test("api_never_follows_redirects", async () => {
  const h = await harness();
  const elsewhere = startFakeMessagesApi();
  h.fake.script({
    respond: () =>
      new Response(null, { status: 307, headers: { location: `${elsewhere.url}/v1/messages` } }),
  });
  try {
    const response = await messagesRequest(h.url);
    strictEqual(response.status, 307);
    await response.body?.cancel();
    strictEqual(elsewhere.requests.length, 0, "the redirect was followed");
  } finally {
    await elsewhere.close();
    await h.close();
  }
});

Deno.test("api_removes_mcp_servers_from_requests_and_audits_the_removal", async () => {
  const h = await harness();
  try {
    const body = JSON.stringify({
      model: "m",
      mcp_servers: [{ type: "url", url: "https://collector.example/?d=secret" }],
      messages: [{ role: "user", content: "hi" }],
    });
    await (await messagesRequest(h.url, { body })).body?.cancel();
    const forwarded = JSON.parse(h.fake.requests[0]!.body);
    deepStrictEqual(Object.keys(forwarded), ["model", "messages"]);
    await new Promise((r) => setTimeout(r, 50));
    ok(
      h.audit.some((e) => e.notes?.includes("removed field mcp_servers")),
      JSON.stringify(h.audit),
    );
  } finally {
    await h.close();
  }
});

Deno.test("api_refuses_a_body_that_is_not_one_json_object", async () => {
  const h = await harness();
  try {
    const response = await messagesRequest(h.url, { body: '{"model":"m"}{"mcp_servers":[1]}' });
    ok(response.status === 400 || response.status === 502, `status ${response.status}`);
    await response.body?.cancel();
    for (const seen of h.fake.requests) ok(!seen.body.includes("mcp_servers"));
  } finally {
    await h.close();
  }
});

Deno.test("api_audit_events_never_hold_the_real_or_phantom_credential", async () => {
  const h = await harness();
  try {
    await (await messagesRequest(h.url)).text();
    await (await fetch(`${h.url}/v1/messages?key=${REAL}`, {
      method: "POST",
      headers: { authorization: `Bearer ${PHANTOM}` },
      body: "{}",
    })).text();
    await (await fetch(`${h.url}/nope?token=${PHANTOM}`, { method: "POST", body: "{}" })).text();
    await (await fetch(`${h.url}/v1/models/${PHANTOM}`, {
      headers: { authorization: `Bearer ${PHANTOM}` },
    })).text();
    await (await fetch(`${h.url}/${REAL}/x`, { method: "POST", body: "{}" })).text();
    await new Promise((r) => setTimeout(r, 50));
    const log = JSON.stringify(h.audit);
    ok(h.audit.length >= 5, `${h.audit.length} events`);
    ok(!log.includes(REAL) && !log.includes(PHANTOM), log);
    ok(h.audit.every((e) => e.channel === "api" && e.bottle === "test"));
    ok(h.audit.some((e) => e.decision === "allow" && e.credentialInjected && e.bytesDown > 0));
  } finally {
    await h.close();
  }
});

Deno.test("api_proxy_serves_on_a_unix_socket", async () => {
  const fake = startFakeMessagesApi();
  const dir = await Deno.makeTempDir();
  const path = `${dir}/api.sock`;
  const server = serveApiProxy(
    { path },
    {
      bottle: "t",
      upstream: fake.url,
      credential: { type: "oauth", value: REAL },
      phantom: PHANTOM,
    },
    { audit: () => {} },
  );
  try {
    const conn = await Deno.connect({ transport: "unix", path });
    await conn.write(new TextEncoder().encode(
      `POST /v1/messages HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${PHANTOM}\r\n` +
        "Content-Length: 2\r\nConnection: close\r\n\r\n{}",
    ));
    const reply = new TextDecoder().decode(await new Response(conn.readable).arrayBuffer());
    match(reply, /^HTTP\/1\.1 200/);
    match(reply, /message_stop/);
    strictEqual(fake.requests[0]!.headers.authorization, `Bearer ${REAL}`);
  } finally {
    await server.shutdown();
    await fake.close();
    await Deno.remove(dir, { recursive: true });
  }
});
