/**
 * forwardRequest() against fake connections: how many writes the client
 * gets, and when the upstream connection may be kept.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { ByteReader } from "../http/byte_reader.ts";
import { parseRequestHead, type RequestHead } from "../http/parse_request_head.ts";
import { parseAbsoluteTarget } from "../policy/mod.ts";
import { forwardRequest } from "./forward_request.ts";

const encoder = new TextEncoder();
const decoder = new TextDecoder();

/**
 * A connection that answers reads from `replies` in turn, then waits (or, with
 * `end`, reads the end of the stream), and records writes.
 */
function fakeConn(replies: string[] = [], end = false) {
  const writes: string[] = [];
  let closed = false;
  let wake: (n: number | null) => void = () => {};
  const conn = {
    read(p: Uint8Array): Promise<number | null> {
      const next = replies.shift();
      if (next === undefined) {
        return end ? Promise.resolve(null) : new Promise((resolve) => wake = resolve);
      }
      const bytes = encoder.encode(next);
      p.set(bytes);
      return Promise.resolve(bytes.length);
    },
    write(p: Uint8Array): Promise<number> {
      writes.push(decoder.decode(p));
      return Promise.resolve(p.length);
    },
    close() {
      closed = true;
      wake(null);
    },
  };
  return { conn, writes, closed: () => closed };
}

function request(text: string): RequestHead {
  const parsed = parseRequestHead(encoder.encode(text));
  if (parsed.kind !== "head") throw new Error("bad test request");
  return parsed.head;
}

async function forward(response: string[], requestText?: string) {
  const head = request(
    requestText ?? "GET http://svc.test/x HTTP/1.1\r\nHost: svc.test\r\n\r\n",
  );
  const parsed = parseAbsoluteTarget(head.target);
  if (parsed.kind === "refuse") throw new Error("bad test target");
  const client = fakeConn();
  const upstream = fakeConn(response, true);
  const link = {
    conn: upstream.conn as unknown as Deno.Conn,
    reader: new ByteReader(upstream.conn),
  };
  const result = await forwardRequest(
    client.conn,
    new ByteReader(client.conn),
    { link, mayKeep: true },
    head,
    parsed.target,
    { idleMs: 1_000, responseTimeoutMs: 1_000 },
  );
  return { result, client, upstream };
}

Deno.test("egress_writes_a_response_head_and_the_body_that_came_with_it_in_one_write", async () => {
  const { result, client, upstream } = await forward([
    "HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello",
  ]);
  strictEqual(result.code, "egress.forwarded");
  strictEqual(client.writes.length, 1, JSON.stringify(client.writes));
  ok(client.writes[0]!.endsWith("\r\n\r\nhello"), client.writes[0]);
  // The request goes out without Connection: close, and the connection may be kept.
  ok(!/\r\nconnection:/i.test(upstream.writes[0]!), upstream.writes[0]);
  strictEqual(result.reusable, true);
});

Deno.test("egress_writes_the_chunks_one_read_decoded_and_the_last_chunk_in_one_write", async () => {
  const { result, client } = await forward([
    "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n",
    "1\r\n \r\n5\r\nworld\r\n0\r\n\r\n",
  ]);
  strictEqual(result.code, "egress.forwarded");
  // The head with the first read's chunk; then the second read's two chunks with the last one.
  strictEqual(client.writes.length, 2, JSON.stringify(client.writes));
  ok(client.writes[0]!.endsWith("\r\n\r\n5\r\nhello\r\n"), client.writes[0]);
  strictEqual(client.writes[1], "1\r\n \r\n5\r\nworld\r\n0\r\n\r\n");
  strictEqual(result.reusable, true);
});

Deno.test("egress_keeps_an_upstream_connection_only_after_a_clean_exchange", async () => {
  const cases: Array<[string[], boolean, string]> = [
    [["HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"], true, "a whole response"],
    [["HTTP/1.1 200 OK\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"], false, "close"],
    [["HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok"], false, "HTTP/1.0"],
    [
      ["HTTP/1.0 200 OK\r\nContent-Length: 2\r\nConnection: keep-alive\r\n\r\nok"],
      true,
      "1.0 keep-alive",
    ],
    [["HTTP/1.1 200 OK\r\n\r\nuntil the close"], false, "a body ended by the close"],
    [["HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokEXTRA"], false, "bytes past the response"],
    [["HTTP/1.1 200 OK\r\nContent-Length: 9\r\n\r\nok"], false, "a body cut short"],
  ];
  for (const [response, reusable, what] of cases) {
    const { result } = await forward(response);
    strictEqual(result.reusable, reusable, what);
  }
});

Deno.test("egress_says_connection_close_upstream_when_it_will_not_keep_the_connection", async () => {
  const head = request("GET http://svc.test/ HTTP/1.1\r\nHost: svc.test\r\n\r\n");
  const parsed = parseAbsoluteTarget(head.target);
  if (parsed.kind === "refuse") throw new Error("bad test target");
  const upstream = fakeConn(["HTTP/1.1 204 No Content\r\n\r\n"]);
  const client = fakeConn();
  await forwardRequest(
    client.conn,
    new ByteReader(client.conn),
    {
      link: { conn: upstream.conn as unknown as Deno.Conn, reader: new ByteReader(upstream.conn) },
      mayKeep: false,
    },
    head,
    parsed.target,
    { idleMs: 1_000, responseTimeoutMs: 1_000 },
  );
  deepStrictEqual(upstream.writes[0]!.match(/\r\nconnection: [^\r]*/gi), ["\r\nconnection: close"]);
});
