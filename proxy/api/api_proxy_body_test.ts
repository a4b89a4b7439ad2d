/**
 * Bodies through the API proxy over real loopback sockets: request bodies in
 * either framing reach the upstream byte for byte (minus removed fields),
 * responses in every framing reach the client byte for byte, re-framed.
 */
import { deepStrictEqual, match, ok, strictEqual } from "node:assert/strict";
import { apiRequest, startApiProxy } from "../../tests/helpers/api_harness.ts";
import { startHttpUpstream, startRawUpstream } from "../../tests/helpers/loopback_upstreams.ts";
import { exchange, RawClient } from "../../tests/helpers/raw_http_client.ts";

const PATH = "/v1/messages";

/** Splits `text` into chunked framing at the given chunk sizes (cycled), with an extension now and then. */
function chunked(text: string, sizes: number[]): string {
  let out = "";
  for (let at = 0, i = 0; at < text.length; i++) {
    const part = text.slice(at, at + sizes[i % sizes.length]!);
    out += `${part.length.toString(16)}${i % 3 === 1 ? ";x=y" : ""}\r\n${part}\r\n`;
    at += part.length;
  }
  return `${out}0\r\nX-Trailer: dropped\r\n\r\n`;
}

/** A JSON body with a long string full of escapes, quotes and backslashes. */
function bigBody(bytes: number): string {
  const piece = 'say \\"hi\\" \\\\ {not: a, key} \\n ';
  return JSON.stringify({
    model: "m",
    messages: [{ role: "user", content: piece.repeat(Math.ceil(bytes / piece.length)) }],
    stream: true,
  });
}

Deno.test("api_proxy_forwards_a_chunked_request_body_decoded_and_filtered", async () => {
  const upstream = startHttpUpstream();
  const proxy = startApiProxy(upstream.port);
  try {
    const body = JSON.stringify({
      model: "m",
      mcp_servers: [{ type: "url", url: "https://collector.example/?d=}{" }],
      messages: [{ role: "user", content: 'a "quoted" \\ text' }],
    });
    for (const sizes of [[1], [3, 7], [5000]]) {
      const response = await exchange(
        proxy.port,
        apiRequest("POST", PATH, ["Transfer-Encoding: chunked"], chunked(body, sizes)),
        "POST",
      );
      strictEqual(response.status, 200, String(sizes));
    }
    for (const seen of upstream.requests) {
      deepStrictEqual(JSON.parse(seen.body), {
        model: "m",
        messages: [{ role: "user", content: 'a "quoted" \\ text' }],
      });
      strictEqual(seen.headers["x-trailer"], undefined);
    }
    ok(proxy.audit.every((e) => e.notes?.includes("removed field mcp_servers")));
  } finally {
    await proxy.shutdown();
    await upstream.close();
  }
});

Deno.test("api_proxy_passes_a_large_request_body_byte_for_byte", async () => {
  const upstream = startHttpUpstream();
  const proxy = startApiProxy(upstream.port);
  try {
    const body = bigBody(3_000_000);
    const response = await exchange(
      proxy.port,
      apiRequest("POST", PATH, [`Content-Length: ${body.length}`], body),
      "POST",
    );
    strictEqual(response.status, 200);
    strictEqual(upstream.requests[0]!.body, body);
    const chunkedResponse = await exchange(
      proxy.port,
      apiRequest("POST", PATH, ["Transfer-Encoding: chunked"], chunked(body, [65536, 1, 300000])),
      "POST",
    );
    strictEqual(chunkedResponse.status, 200);
    strictEqual(upstream.requests[1]!.body, body);
    strictEqual(proxy.audit[0]!.bytesUp, body.length);
  } finally {
    await proxy.shutdown();
    await upstream.close();
  }
});

Deno.test("api_proxy_relays_responses_byte_for_byte_in_every_framing", async () => {
  const data = "0123456789abcdef".repeat(100_000);
  const replies = [
    ["length", `HTTP/1.1 200 OK\r\nContent-Length: ${data.length}\r\n\r\n${data}`],
    [
      "chunked",
      `HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n${
        chunked(data, [100_000, 7, 1_000_003])
      }`,
    ],
    ["close", `HTTP/1.1 200 OK\r\n\r\n${data}`],
  ] as const;
  for (const [framing, reply] of replies) {
    const upstream = startRawUpstream({
      complete: (text) => text.endsWith("\r\n\r\n{}"),
      reply,
    });
    const proxy = startApiProxy(upstream.port);
    try {
      const response = await exchange(
        proxy.port,
        apiRequest("POST", PATH, ["Content-Length: 2"], "{}"),
        "POST",
      );
      strictEqual(response.status, 200, framing);
      strictEqual(response.body.length, data.length, framing);
      ok(response.body === data, framing);
      if (framing === "length") {
        strictEqual(response.headers.get("content-length"), String(data.length));
      }
      if (framing === "chunked") strictEqual(response.headers.get("transfer-encoding"), "chunked");
      if (framing === "close") strictEqual(response.headers.get("connection"), "close");
      strictEqual(proxy.audit[0]!.bytesDown, data.length, framing);
    } finally {
      await proxy.shutdown();
      await upstream.close();
    }
  }
});

Deno.test("api_proxy_sends_an_http10_client_the_data_of_a_chunked_response_until_close", async () => {
  const upstream = startRawUpstream({
    reply:
      "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n",
  });
  const proxy = startApiProxy(upstream.port);
  try {
    const response = await exchange(
      proxy.port,
      apiRequest("GET", "/v1/models", [], "").replace("HTTP/1.1", "HTTP/1.0"),
    );
    strictEqual(response.status, 200);
    strictEqual(response.headers.get("transfer-encoding"), undefined);
    strictEqual(response.headers.get("connection"), "close");
    strictEqual(response.body, "hello world");
  } finally {
    await proxy.shutdown();
    await upstream.close();
  }
});

Deno.test("api_proxy_keeps_an_http10_client_that_asks_for_keep_alive (RFC 9112 §9.3)", async () => {
  const upstream = startHttpUpstream();
  const proxy = startApiProxy(upstream.port);
  const client = await RawClient.open(proxy.port);
  try {
    const request = apiRequest("GET", "/v1/models", ["Connection: keep-alive"], "")
      .replace("HTTP/1.1", "HTTP/1.0");
    for (const round of [1, 2]) {
      await client.write(request);
      const response = await client.readResponse("GET");
      strictEqual(response.status, 200, `request ${round}`);
      strictEqual(response.headers.get("connection"), undefined, `request ${round}`);
      strictEqual(response.body, "hello from upstream", `request ${round}`);
    }
    strictEqual(upstream.requests.length, 2);
  } finally {
    client.close();
    await proxy.shutdown();
    await upstream.close();
  }
});

Deno.test("api_proxy_answers_100_continue_itself_and_never_forwards_expect", async () => {
  const upstream = startHttpUpstream();
  const proxy = startApiProxy(upstream.port);
  const client = await RawClient.open(proxy.port);
  try {
    await client.write(
      apiRequest("POST", PATH, ["Content-Length: 2", "Expect: 100-continue"], ""),
    );
    const interim = await client.readResponse("POST");
    strictEqual(interim.status, 100);
    await client.write("{}");
    const response = await client.readResponse("POST");
    strictEqual(response.status, 200);
    strictEqual(response.body, "hello from upstream");
    strictEqual(upstream.requests[0]!.headers.expect, undefined);
    strictEqual(upstream.requests[0]!.body, "{}");
  } finally {
    client.close();
    await proxy.shutdown();
    await upstream.close();
  }
});

Deno.test("api_proxy_refuses_a_malformed_chunked_request_body_and_the_upstream_never_completes_it", async () => {
  const upstream = startHttpUpstream();
  const proxy = startApiProxy(upstream.port);
  try {
    const response = await exchange(
      proxy.port,
      apiRequest("POST", PATH, ["Transfer-Encoding: chunked"], '5\r\n{"a":\r\nzz\r\n'),
      "POST",
    );
    strictEqual(response.status, 400);
    strictEqual(response.headers.get("x-bottle-deny"), "http.bad_chunked_body");
    match(response.body, /invalid_request_error/);
    strictEqual(upstream.requests.length, 0, "the upstream took a broken body as complete");
  } finally {
    await proxy.shutdown();
    await upstream.close();
  }
});
