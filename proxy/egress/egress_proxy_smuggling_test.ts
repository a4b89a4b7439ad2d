/**
 * Chunked request bodies whose framing breaks after the head was forwarded,
 * over raw loopback sockets. The destination is a recorder: it must never
 * receive a byte past the fault, never a last chunk that would complete the
 * request, never a second request; its connection is aborted, and the
 * client gets 400 (after a `100 Continue` too) and an audit event.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import {
  type EgressHarness,
  httpRequest,
  startEgress,
  waitFor,
} from "../../tests/helpers/egress_harness.ts";
import type { RawResponse } from "../../tests/helpers/raw_http_client.ts";
import {
  type RecordedConn,
  type RecordingUpstream,
  startRecordingUpstream,
} from "../../tests/helpers/recording_upstream.ts";
import { within } from "../../tests/helpers/within.ts";

/** A complete request hidden after the fault: it must reach no one. */
const SMUGGLED = "GET /smuggled HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 0\r\n\r\n";

/** Bodies that break their chunk framing; `valid` is the data before the fault. */
const BROKEN_BODIES: ReadonlyArray<{ name: string; body: string; valid: string }> = [
  { name: "a_bad_chunk_size_after_a_good_chunk", body: "5\r\nhello\r\nzz\r\n", valid: "hello" },
  { name: "chunk_data_longer_than_its_size", body: "3\r\nhello\r\n0\r\n\r\n", valid: "hel" },
  { name: "a_hex_prefixed_chunk_size", body: "5\r\nhello\r\n0x5\r\nworld\r\n", valid: "hello" },
  { name: "a_bare_lf_after_a_chunk_size", body: "5\nhello\r\n0\r\n\r\n", valid: "" },
  {
    name: "a_malformed_trailer_after_the_last_chunk",
    body: "5\r\nhello\r\n0\r\nno colon\r\n\r\n",
    valid: "hello",
  },
];

/** Splits what the destination received into its head and the chunked body after it. */
function split(received: string): { head: string; body: string } {
  const end = received.indexOf("\r\n\r\n");
  ok(end >= 0, `the destination got no complete head: ${JSON.stringify(received)}`);
  return { head: received.slice(0, end + 4), body: received.slice(end + 4) };
}

/**
 * Decodes a chunked body the proxy wrote; fails unless it is whole chunks
 * with no last chunk (the request never completed at the destination).
 */
function dataOfIncompleteBody(body: string): string {
  let data = "";
  let rest = body;
  while (rest !== "") {
    const match = /^([0-9a-f]+)\r\n/.exec(rest);
    ok(match !== null, `not a chunk: ${JSON.stringify(rest)}`);
    const size = parseInt(match[1]!, 16);
    ok(size > 0, `the destination got a last chunk: ${JSON.stringify(body)}`);
    const chunk = rest.slice(match[0].length, match[0].length + size);
    strictEqual(rest.slice(match[0].length + size, match[0].length + size + 2), "\r\n", body);
    data += chunk;
    rest = rest.slice(match[0].length + size + 2);
  }
  return data;
}

/** What every broken body must leave behind: a 400, one aborted destination, one event. */
async function assertAborted(
  h: EgressHarness,
  upstream: RecordingUpstream,
  response: RawResponse,
  valid: string,
): Promise<RecordedConn> {
  strictEqual(response.status, 400, response.head);
  strictEqual(response.headers.get("x-bottle-error"), "http.bad_body");
  strictEqual(response.headers.get("connection"), "close");
  strictEqual(upstream.conns.length, 1, "a second connection reached the destination");
  const conn = upstream.conns[0]!;
  await within(2_000, conn.ended, "the destination connection being aborted");
  const { head, body } = split(conn.received());
  strictEqual(head.match(/ HTTP\/1\.1\r\n/g)?.length, 1, `more than one request: ${head}`);
  ok(/\r\ntransfer-encoding: chunked\r\n/i.test(head), head);
  ok(!conn.received().includes("smuggled"), "bytes past the fault reached the destination");
  const data = dataOfIncompleteBody(body);
  ok(
    valid.startsWith(data),
    `the destination got ${JSON.stringify(data)}, not a prefix of ${valid}`,
  );
  await within(2_000, waitFor(() => h.audit.length === 1), "the audit event");
  const event = h.audit[0]!;
  deepStrictEqual(
    [event.method, event.status, event.decision, event.reason, event.bytesUp],
    ["POST", 400, "allow", "http.bad_body", data.length],
  );
  strictEqual(h.dials.length, 1, "the hidden request was dialled");
  return conn;
}

for (const { name, body, valid } of BROKEN_BODIES) {
  Deno.test(`egress_aborts_the_upstream_at_${name} (HTTP): nothing past the fault`, async () => {
    const upstream = startRecordingUpstream();
    const h = startEgress({ allow: [`127.0.0.1:${upstream.port}`] });
    const client = await h.open();
    try {
      const url = `http://127.0.0.1:${upstream.port}/up`;
      await client.write(
        httpRequest(url, { method: "POST", extra: "Transfer-Encoding: chunked\r\n" }) + body +
          SMUGGLED,
      );
      const response = await within(2_000, client.readResponse(), "the 400");
      await assertAborted(h, upstream, response, valid);
      await within(2_000, client.closedByPeer(), "the client connection closing");
    } finally {
      client.close();
      await h.close();
      await upstream.close();
    }
  });
}

// In DLP `log` mode nothing is held back, so the first chunk reaches the
// destination before the fault arrives.
Deno.test("egress_aborts_the_upstream_when_chunk_framing_breaks_mid_stream (HTTP, DLP log mode)", async () => {
  const upstream = startRecordingUpstream();
  const h = startEgress({ allow: [`127.0.0.1:${upstream.port}`], dlp: { mode: "log" } });
  const client = await h.open();
  try {
    await client.write(
      httpRequest(`http://127.0.0.1:${upstream.port}/up`, {
        method: "POST",
        extra: "Transfer-Encoding: chunked\r\nExpect: 100-continue\r\n",
      }),
    );
    const interim = await within(2_000, client.readResponse(), "100 Continue");
    strictEqual(interim.status, 100);
    // A good chunk goes all the way to the destination first…
    await client.write("5\r\nhello\r\n");
    await within(
      2_000,
      waitFor(() => upstream.conns[0]?.received().endsWith("5\r\nhello\r\n") === true),
      "the first chunk reaching the destination",
    );
    // …then the framing breaks, with a whole request behind the fault.
    await client.write("5\r\nworld!!\r\n0\r\n\r\n" + SMUGGLED);
    const response = await within(2_000, client.readResponse(), "the 400");
    const conn = await assertAborted(h, upstream, response, "hello");
    strictEqual(split(conn.received()).body, "5\r\nhello\r\n");
    await within(2_000, client.closedByPeer(), "the client connection closing");
  } finally {
    client.close();
    await h.close();
    await upstream.close();
  }
});

// In DLP `block` mode (the default) the body's last bytes wait for what
// follows them, so the destination gets the head and nothing of a short body.
Deno.test("egress_aborts_the_upstream_when_chunk_framing_breaks_mid_stream (HTTP, DLP block mode)", async () => {
  const upstream = startRecordingUpstream();
  const h = startEgress({ allow: [`127.0.0.1:${upstream.port}`] });
  const client = await h.open();
  try {
    await client.write(
      httpRequest(`http://127.0.0.1:${upstream.port}/up`, {
        method: "POST",
        extra: "Transfer-Encoding: chunked\r\nExpect: 100-continue\r\n",
      }),
    );
    strictEqual((await within(2_000, client.readResponse(), "100 Continue")).status, 100);
    await client.write("5\r\nhello\r\n");
    await within(
      2_000,
      waitFor(() => upstream.conns[0]?.received().endsWith("\r\n\r\n") === true),
      "the head",
    );
    await new Promise((resolve) => setTimeout(resolve, 50));
    await client.write("5\r\nworld!!\r\n0\r\n\r\n" + SMUGGLED);
    const response = await within(2_000, client.readResponse(), "the 400");
    const conn = await assertAborted(h, upstream, response, "hello");
    strictEqual(split(conn.received()).body, "", "the held-back chunk reached the destination");
    await within(2_000, client.closedByPeer(), "the client connection closing");
  } finally {
    client.close();
    await h.close();
    await upstream.close();
  }
});
