/**
 * The floor for a CONNECT proxy written on Deno's connection API, for
 * peers_bench.ts to show next to bottle: a bare tunnel with no checks at all
 * (no policy, no DLP, no audit, no limits) — read a head, dial, answer 200,
 * copy both ways through 1 KiB buffers (as an idle bottle tunnel does). What
 * bottle costs beyond it is the cost of its checks; what it costs beyond the
 * C peers is Deno's.
 * Usage: deno run -A _bare_connect_proxy.ts UPSTREAM_URL UPSTREAM_PORT (other
 * arguments ignored). Prints `{"egressPort":N}`, answers "gc" on standard
 * input as `_proxies_process.ts` does, and runs until standard input closes.
 */
const upstreamPort = Number(Deno.args[1]);
const listener = Deno.listen({ hostname: "127.0.0.1", port: 0 });
const OK = new TextEncoder().encode("HTTP/1.1 200 Connection Established\r\n\r\n");
const END_OF_HEAD = new TextEncoder().encode("\r\n\r\n");

function endsHead(bytes: Uint8Array): boolean {
  const at = bytes.length - END_OF_HEAD.length;
  return at >= 0 && END_OF_HEAD.every((byte, i) => bytes[at + i] === byte);
}

async function pipe(from: Deno.Conn, to: Deno.Conn): Promise<void> {
  const buf = new Uint8Array(1024);
  try {
    for (let n = await from.read(buf); n !== null; n = await from.read(buf)) {
      for (let written = 0; written < n;) written += await to.write(buf.subarray(written, n));
    }
    await to.closeWrite();
  } catch { /* either side went away */ }
}

async function serve(client: Deno.Conn): Promise<void> {
  const head = new Uint8Array(4096);
  let length = 0;
  try {
    while (!endsHead(head.subarray(0, length))) {
      const n = await client.read(head.subarray(length));
      if (n === null) return client.close();
      length += n;
    }
    const upstream = await Deno.connect({ hostname: "127.0.0.1", port: upstreamPort });
    await client.write(OK);
    await Promise.all([pipe(client, upstream), pipe(upstream, client)]);
    upstream.close();
  } catch { /* gone */ }
  try {
    client.close();
  } catch { /* closed */ }
}

(async () => {
  for await (const conn of listener) serve(conn);
})();
console.log(JSON.stringify({ egressPort: (listener.addr as Deno.NetAddr).port }));
const gc = (globalThis as { gc?: () => void }).gc;
const lines = Deno.stdin.readable.pipeThrough(new TextDecoderStream()).getReader();
for (let read = await lines.read(); !read.done; read = await lines.read()) {
  if (read.value.includes("gc")) {
    gc?.();
    console.log(JSON.stringify({ gc: gc !== undefined, ...Deno.memoryUsage() }));
  }
}
Deno.exit(0);
