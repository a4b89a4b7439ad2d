/**
 * The server in-process, over a stream the test controls: message framing
 * across chunk boundaries, and the exit status of each way a session ends.
 */
import { deepStrictEqual, ok, strictEqual } from "node:assert/strict";
import { TEST_HOST } from "../manifest/test_host.ts";
import type { LspHost } from "./lsp_host.ts";
import { serveLanguageServer } from "./serve_language_server.ts";

const encoder = new TextEncoder();

const HOST: LspHost = { home: "/home/u", view: () => TEST_HOST, listFolders: () => [] };

function frame(message: Record<string, unknown>): Uint8Array {
  const body = JSON.stringify({ jsonrpc: "2.0", ...message });
  return encoder.encode(`Content-Length: ${encoder.encode(body).length}\r\n\r\n${body}`);
}

function join(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Parses everything the server wrote into messages, failing on anything unframed. */
function messages(output: string): Array<Record<string, unknown>> {
  const out: Array<Record<string, unknown>> = [];
  let rest = output;
  while (rest.length > 0) {
    const match = /^Content-Length: (\d+)\r\n\r\n/.exec(rest);
    if (match === null) throw new Error(`unframed output: ${JSON.stringify(rest.slice(0, 80))}`);
    const start = match[0].length;
    const bytes = encoder.encode(rest.slice(start));
    const body = new TextDecoder().decode(bytes.subarray(0, Number(match[1])));
    out.push(JSON.parse(body));
    rest = rest.slice(start + body.length);
  }
  return out;
}

/**
 * Runs the server over `chunks`, then closes its input once `settled(output)` holds (by
 * default: once it published diagnostics or answered a request), and returns its status
 * and output.
 */
async function session(
  chunks: Uint8Array[],
  host: LspHost = HOST,
  settled: (output: string) => boolean = (output) =>
    output.includes("publishDiagnostics") || output.includes('"id":'),
): Promise<{ code: number; output: string }> {
  let output = "";
  const input = new ReadableStream<Uint8Array>({
    async start(controller) {
      for (const chunk of chunks) {
        controller.enqueue(chunk);
        await new Promise((r) => setTimeout(r, 5));
      }
      // The end of input ends the server: first let it answer what it was sent (a loaded
      // machine may take a while), bounded so a server that never answers still fails.
      const deadline = Date.now() + 5000;
      while (!settled(output) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 10));
      }
      controller.close();
    },
  });
  const code = await serveLanguageServer({
    input,
    write: (text) => output += text,
    host,
    cwd: "/proj",
    debounceMs: 10,
  });
  return { code, output };
}

const INITIALIZE = frame({
  id: 1,
  method: "initialize",
  params: { processId: null, rootUri: null, capabilities: {} },
});
const OPEN = frame({
  method: "textDocument/didOpen",
  params: {
    textDocument: {
      uri: "file:///proj/claude-bottle.json",
      languageId: "claude-bottle",
      version: 1,
      text: '{ "bottles": { "dev": { "egres": {} } } }',
    },
  },
});
const SHUTDOWN = frame({ id: 2, method: "shutdown", params: null });
const EXIT = frame({ method: "exit", params: null });

const opts = { sanitizeOps: false, sanitizeResources: false };

Deno.test("serveLanguageServer() reads two messages that arrive in one chunk", opts, async () => {
  const { output } = await session(
    [
      INITIALIZE,
      join(frame({ method: "initialized", params: {} }), OPEN),
    ],
    HOST,
    (output) => output.includes("publishDiagnostics"),
  );
  const published = messages(output).filter((m) => m.method === "textDocument/publishDiagnostics");
  strictEqual(published.length, 1, "the second message of the chunk was read");
});

Deno.test("serveLanguageServer() reads a message split across chunks", opts, async () => {
  const cut = Math.floor(OPEN.length / 2);
  const { output } = await session([
    INITIALIZE,
    OPEN.subarray(0, 7),
    OPEN.subarray(7, cut),
    OPEN.subarray(cut),
  ]);
  const [published] = messages(output).filter((m) =>
    m.method === "textDocument/publishDiagnostics"
  );
  const params = published?.params as { diagnostics: Array<{ code: string }> };
  deepStrictEqual(params.diagnostics.map((d) => d.code), ["unknown-key"]);
});

Deno.test("serveLanguageServer() exits 0 after shutdown and exit", opts, async () => {
  const { code, output } = await session([INITIALIZE, SHUTDOWN, EXIT]);
  strictEqual(code, 0);
  const reply = messages(output).find((m) => m.id === 2);
  ok(reply !== undefined && "result" in reply && reply.result === null, "shutdown is answered");
});

Deno.test("serveLanguageServer() exits 1 on exit without shutdown", opts, async () => {
  strictEqual((await session([INITIALIZE, EXIT])).code, 1);
});

Deno.test("serveLanguageServer() exits 1 when its input ends without shutdown", opts, async () => {
  strictEqual((await session([INITIALIZE])).code, 1);
});

Deno.test("serveLanguageServer() writes nothing but framed messages", opts, async () => {
  const { output } = await session([INITIALIZE, OPEN, SHUTDOWN, EXIT]);
  ok(messages(output).length >= 3);
});

Deno.test(
  "serveLanguageServer() shows a check that throws as an error, never as clean",
  opts,
  async () => {
    const broken: LspHost = {
      ...HOST,
      view: () => {
        throw new Error("the disk went away");
      },
    };
    const { output } = await session([INITIALIZE, OPEN], broken);
    const [published] = messages(output).filter((m) =>
      m.method === "textDocument/publishDiagnostics"
    );
    const params = published?.params as {
      diagnostics: Array<{ severity: number; message: string }>;
    };
    deepStrictEqual(params.diagnostics.map((d) => [d.severity, d.message]), [
      [1, "bottle could not check this manifest (internal error: the disk went away)"],
    ]);
  },
);
