/**
 * The language server's wire: LSP messages framed with `Content-Length`
 * headers, read from a byte stream and written through a text sink. Taking a
 * stream and a sink (not the process's own streams) keeps the server runnable
 * in-process in tests; `bottle lsp` hands it standard input and output.
 */
import { Buffer } from "node:buffer";
import "vscode-languageserver/node"; // installs the Node runtime layer vscode-jsonrpc needs
import {
  AbstractMessageWriter,
  type Disposable,
  type Message,
  type MessageReader,
  type MessageWriter,
  type RAL,
  ReadableStreamMessageReader,
} from "vscode-languageserver";

type Listener<T> = (value: T) => void;

/** Reads framed LSP messages from `input` (standard input for `bottle lsp`). */
export function messageReaderFrom(input: ReadableStream<Uint8Array>): MessageReader {
  return new ReadableStreamMessageReader(streamEvents(input));
}

/** Adapts a web stream to the event interface vscode-jsonrpc reads from. */
function streamEvents(input: ReadableStream<Uint8Array>): RAL.ReadableStream {
  const data = new Set<Listener<Uint8Array>>();
  const closed = new Set<Listener<void>>();
  const errors = new Set<Listener<unknown>>();
  const ended = new Set<Listener<void>>();
  let pumping = false;
  const subscribe = <T>(set: Set<Listener<T>>, listener: Listener<T>): Disposable => {
    set.add(listener);
    return { dispose: () => set.delete(listener) };
  };
  const pump = async (): Promise<void> => {
    try {
      for await (const chunk of input) {
        // vscode-jsonrpc's Node buffer slices chunks with `Buffer.from(chunk, 0, n)`, which
        // copies a whole plain Uint8Array: two messages in one chunk would read as one. A
        // Buffer view over the same bytes slices correctly.
        const view = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
        for (const listener of data) listener(view);
      }
    } catch (error) {
      for (const listener of errors) listener(error);
    }
    for (const listener of ended) listener();
    for (const listener of closed) listener();
  };
  return {
    onData: (listener) => {
      const subscription = subscribe(data, listener);
      if (!pumping) {
        pumping = true;
        // Start reading once the reader listens, so no chunk arrives before anyone hears it.
        queueMicrotask(() => void pump());
      }
      return subscription;
    },
    onClose: (listener) => subscribe(closed, listener),
    onError: (listener) => subscribe(errors, listener),
    onEnd: (listener) => subscribe(ended, listener),
  };
}

/** Writes each message as one `Content-Length`-framed block through `write`. */
export function messageWriterTo(write: (text: string) => void): MessageWriter {
  return new TextSinkWriter(write);
}

class TextSinkWriter extends AbstractMessageWriter implements MessageWriter {
  readonly #write: (text: string) => void;
  readonly #encoder = new TextEncoder();
  #errors = 0;

  constructor(write: (text: string) => void) {
    super();
    this.#write = write;
  }

  write(message: Message): Promise<void> {
    const body = JSON.stringify(message);
    const length = this.#encoder.encode(body).length;
    try {
      // One write per message, header and body together, so messages never interleave.
      this.#write(`Content-Length: ${length}\r\n\r\n${body}`);
      return Promise.resolve();
    } catch (error) {
      this.#errors++;
      this.fireError(error, message, this.#errors);
      return Promise.reject(error);
    }
  }

  end(): void {}
}
