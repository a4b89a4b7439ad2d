/**
 * Response scrubbing and content codings on the API proxy, over real
 * loopback sockets: an upstream that reflects the request's credential
 * header into its response headers and streamed body never shows the bottle
 * the real credential — not even split across reads — and a response in a
 * content coding is refused with 502.
 */
import { ok, strictEqual } from "node:assert/strict";
import { apiRequest, REAL, startApiProxy } from "../../tests/helpers/api_harness.ts";
import { startHttpUpstream } from "../../tests/helpers/loopback_upstreams.ts";
import { exchange } from "../../tests/helpers/raw_http_client.ts";
import { SCRUB_MARKER } from "./scrub_response.ts";

const HOST_SECRET = "hunter2-correct-horse-battery-staple";
const BODY = '{"model":"m","stream":true}';

function post(port: number) {
  return exchange(
    port,
    apiRequest("POST", "/v1/messages", [`Content-Length: ${BODY.length}`], BODY),
    "POST",
  );
}

/** A raw upstream that answers a chunked SSE response written in `parts`, apart in time. */
function startSplittingUpstream(parts: readonly string[], head = "") {
  const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
  const served = (async () => {
    for await (const conn of listener) {
      const buffer = new Uint8Array(65536);
      let seen = "";
      while (!seen.includes("\r\n\r\n{") || !seen.endsWith("}")) {
        const n = await conn.read(buffer);
        if (n === null) break;
        seen += new TextDecoder().decode(buffer.subarray(0, n));
      }
      const encoder = new TextEncoder();
      await conn.write(encoder.encode(
        "HTTP/1.1 200 OK\r\ncontent-type: text/event-stream\r\n" + head +
          "transfer-encoding: chunked\r\nconnection: close\r\n\r\n",
      ));
      for (const part of parts) {
        const bytes = encoder.encode(part);
        await conn.write(encoder.encode(`${bytes.length.toString(16)}\r\n`));
        await conn.write(bytes);
        await conn.write(encoder.encode("\r\n"));
        await new Promise((resolve) => setTimeout(resolve, 30));
      }
      await conn.write(encoder.encode("0\r\n\r\n"));
      conn.close();
    }
  })();
  return {
    port: (listener.addr as Deno.NetAddr).port,
    close: async () => {
      listener.close();
      await served.catch(() => {});
    },
  };
}

Deno.test("api_scrubs_real_credential_reflected_in_response_headers_and_body", async () => {
  // The fake API reflects whatever credential it received, as a gateway's debug echo might.
  const upstream = startHttpUpstream((request) => {
    const auth = request.headers.get("authorization") ?? "";
    const sse = `event: content_block_delta\ndata: {"type":"content_block_delta",` +
      `"delta":{"type":"text_delta","text":"you sent ${auth} and ${HOST_SECRET}"}}\n\n`;
    return new Response(sse, {
      headers: { "content-type": "text/event-stream", "x-echo-authorization": auth },
    });
  });
  const proxy = startApiProxy(upstream.port, {
    guard: { knownSecrets: [{ label: "env:DEPLOY_TOKEN", value: HOST_SECRET, kind: "real" }] },
  });
  try {
    const response = await post(proxy.port);
    strictEqual(response.status, 200);
    strictEqual(upstream.requests[0]?.headers.authorization, `Bearer ${REAL}`);
    const echoed = response.headers.get("x-echo-authorization") ?? "";
    ok(!echoed.includes(REAL) && echoed.startsWith(`Bearer ${SCRUB_MARKER}`), echoed);
    ok(!response.body.includes(REAL), response.body);
    ok(!response.body.includes(HOST_SECRET), response.body);
    ok(response.body.includes(`you sent Bearer ${SCRUB_MARKER}`), response.body);
    const notes = proxy.audit[0]?.notes ?? [];
    ok(notes.includes("scrubbed api_credential from the response (2×)"), notes.join());
    ok(notes.includes("scrubbed env:DEPLOY_TOKEN from the response (1×)"), notes.join());
    ok(!JSON.stringify(proxy.audit).includes(REAL));
  } finally {
    await proxy.shutdown();
    await upstream.close();
  }
});

Deno.test("api_scrubs_a_credential_split_across_chunks", async () => {
  const cut = 20;
  const upstream = startSplittingUpstream([
    'event: ping\ndata: {"type":"ping"}\n\n',
    `data: {"text":"${REAL.slice(0, cut)}`,
    `${REAL.slice(cut)} done"}\n\n`,
  ]);
  const proxy = startApiProxy(upstream.port);
  try {
    const response = await post(proxy.port);
    strictEqual(response.status, 200);
    ok(!response.body.includes(REAL), response.body);
    ok(!response.body.includes(REAL.slice(cut)), response.body);
    ok(response.body.includes(`{"text":"${SCRUB_MARKER}`), response.body);
    ok(response.body.startsWith('event: ping\ndata: {"type":"ping"}\n\n'));
  } finally {
    await proxy.shutdown();
    await upstream.close();
  }
});

Deno.test("api_refuses_a_gzip_encoded_response_with_502", async () => {
  const upstream = startSplittingUpstream(
    ["\x1f\x8b not really gzip"],
    "content-encoding: gzip\r\n",
  );
  const proxy = startApiProxy(upstream.port);
  try {
    const response = await post(proxy.port);
    strictEqual(response.status, 502);
    strictEqual(response.headers.get("x-bottle-error"), "api.encoded_response");
    ok(response.body.includes('content coding \\"gzip\\"'), response.body);
    strictEqual(proxy.audit[0]?.reason, "api.encoded_response");
  } finally {
    await proxy.shutdown();
    await upstream.close();
  }
});
