/**
 * The TLS benchmark's destination, in its own process: an HTTPS server
 * (Deno.serve, rustls) on a loopback port with a certificate from the
 * benchmark's test CA. `GET /small` answers 2 bytes, `POST /upload` reads the
 * body and answers its length, `GET /download?bytes=N` sends N bytes with a
 * Content-Length. Prints `{"port":N}` when ready; ends when stdin closes.
 * Usage: deno run -A _tls_upstream_process.ts SETUP_JSON
 */
const [setupPath] = Deno.args;
if (setupPath === undefined) throw new Error("usage: SETUP_JSON");
const setup = JSON.parse(await Deno.readTextFile(setupPath)) as { cert: string; key: string };

const chunk = new Uint8Array(64 * 1024).fill(0x61);
const server = Deno.serve({
  hostname: "127.0.0.1",
  port: 0,
  cert: setup.cert,
  key: setup.key,
  onListen: () => {},
}, async (req) => {
  const url = new URL(req.url);
  if (url.pathname === "/upload") {
    let n = 0;
    for await (const part of req.body!) n += part.byteLength;
    return new Response(String(n));
  }
  if (url.pathname === "/download") {
    let left = Number(url.searchParams.get("bytes") ?? 0);
    const length = left;
    return new Response(
      new ReadableStream({
        pull(controller) {
          if (left <= 0) return controller.close();
          const part = chunk.subarray(0, Math.min(chunk.length, left));
          left -= part.length;
          controller.enqueue(part);
        },
      }),
      { headers: { "content-length": String(length) } },
    );
  }
  await req.body?.cancel();
  return new Response("ok");
});
console.log(JSON.stringify({ port: server.addr.port }));
for await (const _ of Deno.stdin.readable) { /* until the parent closes stdin */ }
await server.shutdown();
