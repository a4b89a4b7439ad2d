/**
 * A raw-socket HTTP/1.1 client for proxy tests: it writes exactly the bytes a
 * test gives it (smuggling attempts, garbage, slow dribbles) and reads
 * responses with its own small parser, independent of the code under test.
 */

/** One response as the client read it off the wire. */
export interface RawResponse {
  readonly status: number;
  /** Field names lowercased; repeated fields joined with ", ". */
  readonly headers: ReadonlyMap<string, string>;
  readonly body: string;
  /** The head exactly as received, start line to the empty line. */
  readonly head: string;
}

const DECODER = new TextDecoder();
const ENCODER = new TextEncoder();

function indexOf(haystack: Uint8Array, needle: Uint8Array, from = 0): number {
  outer: for (let i = from; i <= haystack.length - needle.length; i++) {
    for (let j = 0; j < needle.length; j++) if (haystack[i + j] !== needle[j]) continue outer;
    return i;
  }
  return -1;
}

const CRLFCRLF = ENCODER.encode("\r\n\r\n");
const CRLF = ENCODER.encode("\r\n");

/** A client connection with a read buffer, so several responses can be read in turn. */
export class RawClient {
  readonly conn: Deno.Conn;
  #buf = new Uint8Array(0);
  #eof = false;
  #closed = false;

  constructor(conn: Deno.Conn) {
    this.conn = conn;
  }

  /** Connects to the proxy on a loopback port or a unix socket path. */
  static async open(to: number | string): Promise<RawClient> {
    const conn = typeof to === "number"
      ? await Deno.connect({ hostname: "127.0.0.1", port: to })
      : await Deno.connect({ transport: "unix", path: to });
    return new RawClient(conn);
  }

  /** Writes all of `data` (a string is sent as Latin-1 bytes, so `\x00`… arrive as written). */
  async write(data: string | Uint8Array): Promise<void> {
    const bytes = typeof data === "string" ? latin1(data) : data;
    let written = 0;
    while (written < bytes.length) written += await this.conn.write(bytes.subarray(written));
  }

  /** Reads once more; false at end of stream or on a reset. */
  async #fill(): Promise<boolean> {
    if (this.#eof) return false;
    const chunk = new Uint8Array(64 * 1024);
    let n: number | null;
    try {
      n = await this.conn.read(chunk);
    } catch {
      n = null;
    }
    if (n === null) {
      this.#eof = true;
      return false;
    }
    const next = new Uint8Array(this.#buf.length + n);
    next.set(this.#buf);
    next.set(chunk.subarray(0, n), this.#buf.length);
    this.#buf = next;
    return true;
  }

  #take(n: number): Uint8Array {
    const out = this.#buf.slice(0, n);
    this.#buf = this.#buf.slice(n);
    return out;
  }

  /** Reads exactly `n` bytes; throws if the stream ends first. */
  async readExactly(n: number): Promise<Uint8Array> {
    while (this.#buf.length < n) {
      if (!(await this.#fill())) {
        throw new Error(`the stream ended after ${this.#buf.length} of ${n} bytes`);
      }
    }
    return this.#take(n);
  }

  /** Reads one response: head, then a body framed by Content-Length, chunked, or close. */
  async readResponse(requestMethod = "GET"): Promise<RawResponse> {
    let end = indexOf(this.#buf, CRLFCRLF);
    while (end === -1) {
      if (!(await this.#fill())) {
        throw new Error(
          `the stream ended before a response head (had ${
            JSON.stringify(DECODER.decode(this.#buf))
          })`,
        );
      }
      end = indexOf(this.#buf, CRLFCRLF);
    }
    const head = DECODER.decode(this.#take(end + 4));
    const [statusLine = "", ...lines] = head.slice(0, -4).split("\r\n");
    const match = /^HTTP\/1\.[01] (\d{3}) /.exec(statusLine);
    if (match === null) throw new Error(`not a status line: ${JSON.stringify(statusLine)}`);
    const status = Number(match[1]);
    const headers = new Map<string, string>();
    for (const line of lines) {
      const colon = line.indexOf(":");
      const name = line.slice(0, colon).toLowerCase();
      const value = line.slice(colon + 1).trim();
      headers.set(name, headers.has(name) ? `${headers.get(name)}, ${value}` : value);
    }
    let body: Uint8Array;
    const noBody = requestMethod === "HEAD" || status < 200 || status === 204 || status === 304 ||
      (requestMethod === "CONNECT" && status >= 200 && status < 300);
    if (noBody) {
      body = new Uint8Array(0);
    } else if (headers.get("transfer-encoding")?.toLowerCase() === "chunked") {
      body = await this.#readChunked();
    } else if (headers.has("content-length")) {
      body = await this.readExactly(Number(headers.get("content-length")));
    } else {
      body = await this.readToEnd();
    }
    return { status, headers, body: DECODER.decode(body), head };
  }

  async #readChunked(): Promise<Uint8Array> {
    const parts: Uint8Array[] = [];
    for (;;) {
      let lineEnd = indexOf(this.#buf, CRLF);
      while (lineEnd === -1) {
        if (!(await this.#fill())) throw new Error("the stream ended inside a chunked body");
        lineEnd = indexOf(this.#buf, CRLF);
      }
      const size = parseInt(DECODER.decode(this.#take(lineEnd + 2)), 16);
      if (size === 0) {
        await this.readExactly(2);
        break;
      }
      parts.push(await this.readExactly(size));
      await this.readExactly(2);
    }
    const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const part of parts) {
      out.set(part, at);
      at += part.length;
    }
    return out;
  }

  /** Reads until the peer closes (or resets) and returns everything not yet read. */
  async readToEnd(): Promise<Uint8Array> {
    while (await this.#fill()) { /* keep reading */ }
    return this.#take(this.#buf.length);
  }

  /** Resolves true once the peer has closed (end of stream or reset), discarding data. */
  async closedByPeer(): Promise<boolean> {
    await this.readToEnd();
    return true;
  }

  /** Closes the connection; safe to call twice. */
  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    try {
      this.conn.close();
    } catch { /* already closed */ }
  }
}

/** Encodes a string whose characters are all ≤ U+00FF byte for byte. */
export function latin1(text: string): Uint8Array {
  const out = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) throw new Error(`latin1: character U+${code.toString(16)} at ${i}`);
    out[i] = code;
  }
  return out;
}

/** Sends `request` on a new connection and reads one response; the connection is closed after. */
export async function exchange(
  to: number | string,
  request: string | Uint8Array,
  requestMethod = "GET",
): Promise<RawResponse> {
  const client = await RawClient.open(to);
  try {
    await client.write(request);
    return await client.readResponse(requestMethod);
  } finally {
    client.close();
  }
}
