/**
 * A small LSP client for tests: spawns `bottle lsp` exactly as the binary runs
 * (`deno run --quiet -P=bottle cli/main.ts lsp`), frames JSON-RPC messages
 * with `Content-Length` headers, and reads the server's output strictly —
 * any byte on standard output that is not part of a framed message fails the
 * test, because a stray print would corrupt the protocol in a real editor.
 */
import { denoCacheDir, REPO_ROOT } from "./run_bottle.ts";

/** One message the server sent. */
export interface ServerMessage {
  readonly id?: number | string | null;
  readonly method?: string;
  readonly params?: unknown;
  readonly result?: unknown;
  readonly error?: { readonly code: number; readonly message: string };
}

/** `textDocument/publishDiagnostics` parameters as received. */
export interface Published {
  readonly uri: string;
  readonly version?: number;
  readonly diagnostics: ReadonlyArray<{
    readonly range: {
      readonly start: { readonly line: number; readonly character: number };
      readonly end: { readonly line: number; readonly character: number };
    };
    readonly severity?: number;
    readonly code?: string | number;
    readonly source?: string;
    readonly message: string;
    readonly data?: unknown;
  }>;
}

/** How to start the server: its working folder and whole environment. */
export interface LspSpawnOptions {
  readonly cwd: string;
  readonly env: Readonly<Record<string, string>>;
  /** Extra arguments after `lsp` (such as `--stdio`). */
  readonly args?: readonly string[];
}

const encoder = new TextEncoder();
const decoder = new TextDecoder();
const WAIT_MS = 15_000;

/** A running `bottle lsp` and the conversation with it. */
export class LspClient {
  readonly #child: Deno.ChildProcess;
  readonly #stdin: WritableStreamDefaultWriter<Uint8Array>;
  readonly #pending = new Map<number, (message: ServerMessage) => void>();
  readonly #notifications: ServerMessage[] = [];
  readonly #waiters = new Set<() => void>();
  readonly #raw: Uint8Array[] = [];
  readonly #reading: Promise<void>;
  readonly #stderr: Promise<string>;
  #nextId = 1;
  #protocolError: string | undefined;
  #ended = false;

  private constructor(child: Deno.ChildProcess) {
    this.#child = child;
    this.#stdin = child.stdin.getWriter();
    this.#reading = this.#read(child.stdout);
    this.#stderr = new Response(child.stderr).text();
  }

  /** Starts `bottle lsp` under the `bottle` permission set with exactly `options.env`. */
  static async spawn(options: LspSpawnOptions): Promise<LspClient> {
    const env: Record<string, string> = { NO_COLOR: "1", ...options.env };
    env.DENO_DIR ??= await denoCacheDir();
    const child = new Deno.Command(Deno.execPath(), {
      args: [
        "run",
        "--quiet",
        `--config=${REPO_ROOT}deno.json`,
        "-P=bottle",
        `${REPO_ROOT}cli/main.ts`,
        "lsp",
        ...(options.args ?? []),
      ],
      cwd: options.cwd,
      env,
      clearEnv: true,
      stdin: "piped",
      stdout: "piped",
      stderr: "piped",
    }).spawn();
    return new LspClient(child);
  }

  async #read(stdout: ReadableStream<Uint8Array>): Promise<void> {
    try {
      await this.#readAll(stdout);
    } catch (error) {
      this.#fail(`reading the server's output failed: ${String(error)}`);
    }
  }

  async #readAll(stdout: ReadableStream<Uint8Array>): Promise<void> {
    let buffer = new Uint8Array(0);
    for await (const chunk of stdout) {
      this.#raw.push(chunk);
      const joined = new Uint8Array(buffer.length + chunk.length);
      joined.set(buffer);
      joined.set(chunk, buffer.length);
      buffer = joined;
      for (;;) {
        const parsed = this.#frame(buffer);
        if (parsed === undefined) break;
        buffer = buffer.subarray(parsed.used);
        this.#dispatch(parsed.message);
      }
    }
    if (buffer.length > 0) this.#fail(`output ended inside a message: ${decoder.decode(buffer)}`);
    this.#ended = true;
    this.#wake();
    for (const answer of this.#pending.values()) {
      answer({ error: { code: -32099, message: "the server's output ended (did it exit?)" } });
    }
    this.#pending.clear();
  }

  /** One framed message from the start of `buffer`, or undefined when more bytes are needed. */
  #frame(buffer: Uint8Array): { message: ServerMessage; used: number } | undefined {
    const text = decoder.decode(buffer.subarray(0, Math.min(buffer.length, 256)));
    const expected = "Content-Length: ";
    if (!expected.startsWith(text.slice(0, expected.length))) {
      this.#fail(`stray output on stdout: ${JSON.stringify(text)}`);
      return undefined;
    }
    const headerEnd = text.indexOf("\r\n\r\n");
    if (headerEnd === -1) return undefined;
    const match = /^Content-Length: ([0-9]+)(\r\nContent-Type: [^\r\n]+)?$/.exec(
      text.slice(0, headerEnd),
    );
    if (match === null) {
      this.#fail(`bad header: ${JSON.stringify(text.slice(0, headerEnd))}`);
      return undefined;
    }
    const start = encoder.encode(text.slice(0, headerEnd + 4)).length;
    const length = Number(match[1]);
    if (buffer.length < start + length) return undefined;
    const body = decoder.decode(buffer.subarray(start, start + length));
    return { message: JSON.parse(body) as ServerMessage, used: start + length };
  }

  #fail(reason: string): void {
    this.#protocolError ??= reason;
    this.#wake();
  }

  #wake(): void {
    for (const waiter of [...this.#waiters]) waiter();
  }

  #dispatch(message: ServerMessage): void {
    if (message.method === undefined && typeof message.id === "number") {
      this.#pending.get(message.id)?.(message);
      this.#pending.delete(message.id);
      return;
    }
    if (message.method !== undefined && message.id !== undefined) {
      // A request from the server: answer so it never waits on us.
      void this.#send({ jsonrpc: "2.0", id: message.id, result: null });
    }
    this.#notifications.push(message);
    this.#wake();
  }

  async #send(message: Record<string, unknown>): Promise<void> {
    const body = encoder.encode(JSON.stringify(message));
    const header = encoder.encode(`Content-Length: ${body.length}\r\n\r\n`);
    const frame = new Uint8Array(header.length + body.length);
    frame.set(header);
    frame.set(body, header.length);
    await this.#stdin.write(frame);
  }

  /** Sends a request and waits for its response; an error response rejects. */
  async request<T = unknown>(method: string, params: unknown): Promise<T> {
    const id = this.#nextId++;
    const answered = new Promise<ServerMessage>((resolve) => this.#pending.set(id, resolve));
    await this.#send({ jsonrpc: "2.0", id, method, params });
    const message = await this.#within(answered, `${method} (id ${id})`);
    if (message.error !== undefined) {
      throw new Error(`${method} failed: ${message.error.code} ${message.error.message}`);
    }
    return message.result as T;
  }

  /** Sends a notification. */
  notify(method: string, params: unknown): Promise<void> {
    return this.#send({ jsonrpc: "2.0", method, params });
  }

  /** Waits for the first notification matching `accept` (already received ones count). */
  async notification(
    accept: (message: ServerMessage) => boolean,
    what: string,
  ): Promise<ServerMessage> {
    const found = () => this.#notifications.find(accept);
    const now = found();
    if (now !== undefined) return now;
    let waiter = () => {};
    const arrived = new Promise<ServerMessage>((resolve, reject) => {
      waiter = () => {
        const hit = found();
        if (hit !== undefined) resolve(hit);
        else if (this.#protocolError !== undefined) reject(new Error(this.#protocolError));
        else if (this.#ended) reject(new Error(`server output ended before ${what}`));
      };
      this.#waiters.add(waiter);
      waiter();
    });
    try {
      return await this.#within(arrived, what);
    } finally {
      this.#waiters.delete(waiter);
    }
  }

  /** Waits for the diagnostics published for `uri` at document `version`. */
  async diagnostics(uri: string, version: number): Promise<Published> {
    const message = await this.notification(
      (m) => {
        const p = m.params as Published | undefined;
        return m.method === "textDocument/publishDiagnostics" && p?.uri === uri &&
          p.version === version;
      },
      `diagnostics for ${uri} version ${version}`,
    );
    return message.params as Published;
  }

  /** Every diagnostics notification received for `uri`, in order. */
  published(uri: string): Published[] {
    return this.#notifications
      .filter((m) => m.method === "textDocument/publishDiagnostics")
      .map((m) => m.params as Published)
      .filter((p) => p.uri === uri);
  }

  async #within<T>(promise: Promise<T>, what: string): Promise<T> {
    let timer: ReturnType<typeof setTimeout> | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), WAIT_MS);
    });
    try {
      return await Promise.race([promise, timeout]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Everything the server wrote on standard output so far, as text. */
  transcript(): string {
    const all = new Uint8Array(this.#raw.reduce((n, chunk) => n + chunk.length, 0));
    let at = 0;
    for (const chunk of this.#raw) {
      all.set(chunk, at);
      at += chunk.length;
    }
    return decoder.decode(all);
  }

  /** The first framing problem seen on standard output, if any. */
  get protocolError(): string | undefined {
    return this.#protocolError;
  }

  /** Closes the server's input (if still open) and waits for it to exit. */
  async finish(): Promise<{ code: number; stderr: string }> {
    try {
      await this.#stdin.close();
    } catch {
      // Already closed.
    }
    const status = await this.#child.status;
    await this.#reading;
    return { code: status.code, stderr: await this.#stderr };
  }

  /** Kills the server (cleanup after a failed test). */
  kill(): void {
    try {
      this.#child.kill("SIGKILL");
    } catch {
      // Already gone.
    }
  }
}
