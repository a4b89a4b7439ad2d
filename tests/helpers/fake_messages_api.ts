/**
 * A local stand-in for the Anthropic Messages API: speaks the real SSE
 * protocol (message_start … message_stop), replies from a script (text or
 * tool_use blocks), and records every request it receives so tests can check
 * which credential arrived. Listens on 127.0.0.1 only.
 */

/** One SSE event as the API sends it. */
export interface SseEvent {
  readonly event: string;
  readonly data: unknown;
}

/** What the fake saw of one request. */
export interface RecordedRequest {
  readonly method: string;
  /** Path and query, as received. */
  readonly target: string;
  readonly headers: Readonly<Record<string, string>>;
  /** The raw body text. */
  readonly body: string;
}

/** A scripted reply: SSE events, optionally paced by a gate between events. */
export interface Reply {
  readonly events?: readonly SseEvent[];
  /** Called before sending event `index` (index > 0); awaiting it paces the stream. */
  readonly before?: (index: number) => Promise<void>;
  /** A full custom response instead of SSE. */
  readonly respond?: (request: Request) => Response | Promise<Response>;
}

/** A running fake API. */
export interface FakeMessagesApi {
  /** Base URL, `http://127.0.0.1:PORT`. */
  readonly url: string;
  readonly port: number;
  readonly requests: RecordedRequest[];
  /** Queues replies, used in order; when the queue is empty, replies "ok". */
  readonly script: (...replies: Reply[]) => void;
  /** Resolves when a streamed response was cancelled by the client side. */
  readonly cancelled: () => Promise<void>;
  readonly close: () => Promise<void>;
}

function message(content: unknown[], stopReason: string, deltas: SseEvent[]): SseEvent[] {
  return [
    {
      event: "message_start",
      data: {
        type: "message_start",
        message: {
          id: "msg_fake",
          type: "message",
          role: "assistant",
          model: "fake-model",
          content: [],
          stop_reason: null,
          stop_sequence: null,
          usage: { input_tokens: 1, output_tokens: 1 },
        },
      },
    },
    ...content.map((block, index) => ({
      event: "content_block_start",
      data: { type: "content_block_start", index, content_block: block },
    })),
    ...deltas,
    ...content.map((_, index) => ({
      event: "content_block_stop",
      data: { type: "content_block_stop", index },
    })),
    {
      event: "message_delta",
      data: {
        type: "message_delta",
        delta: { stop_reason: stopReason, stop_sequence: null },
        usage: { output_tokens: 5 },
      },
    },
    { event: "message_stop", data: { type: "message_stop" } },
  ];
}

/** A reply with one text block, streamed as `text_delta` events of the given pieces. */
export function textReply(...pieces: string[]): SseEvent[] {
  return message(
    [{ type: "text", text: "" }],
    "end_turn",
    pieces.map((text) => ({
      event: "content_block_delta",
      data: { type: "content_block_delta", index: 0, delta: { type: "text_delta", text } },
    })),
  );
}

/** A reply that calls one tool (`Bash`, `Read`, `Write`, …) with `input`. */
export function toolUse(name: string, input: unknown, id = "toolu_fake_1"): SseEvent[] {
  return message(
    [{ type: "tool_use", id, name, input: {} }],
    "tool_use",
    [{
      event: "content_block_delta",
      data: {
        type: "content_block_delta",
        index: 0,
        delta: { type: "input_json_delta", partial_json: JSON.stringify(input) },
      },
    }],
  );
}

/** The tool result for tool call `id` in a recorded request body (throws when there is none). */
export function toolResult(body: string, id: string): { text: string; isError: boolean } {
  const request = JSON.parse(body) as { messages: { role: string; content: unknown }[] };
  for (const message of request.messages) {
    if (!Array.isArray(message.content)) continue;
    for (const block of message.content as Record<string, unknown>[]) {
      if (block.type !== "tool_result" || block.tool_use_id !== id) continue;
      const content = block.content;
      const text = typeof content === "string"
        ? content
        : (content as { text?: string }[]).map((c) => c.text ?? "").join("");
      return { text, isError: block.is_error === true };
    }
  }
  throw new Error(`no tool_result for ${id} in the request`);
}

/** The tool result for tool call `id` in whichever recorded request carried it (throws if none). */
export function toolResultOf(
  requests: readonly { readonly body: string }[],
  id: string,
): { text: string; isError: boolean } {
  const request = requests.find((r) => r.body.includes(`"tool_use_id":"${id}"`));
  if (request === undefined) throw new Error(`Claude Code never sent the result of ${id}`);
  return toolResult(request.body, id);
}

/** Encodes one SSE event exactly as the API frames it. */
export function encodeSse(event: SseEvent): Uint8Array {
  return new TextEncoder().encode(`event: ${event.event}\ndata: ${JSON.stringify(event.data)}\n\n`);
}

/** Starts the fake on a free loopback port. */
export function startFakeMessagesApi(): FakeMessagesApi {
  const requests: RecordedRequest[] = [];
  const queue: Reply[] = [];
  let signalCancel: () => void = () => {};
  let cancelledPromise = new Promise<void>((resolve) => signalCancel = resolve);

  const server = Deno.serve(
    { hostname: "127.0.0.1", port: 0, onListen: () => {} },
    async (request) => {
      const url = new URL(request.url);
      const body = await request.text();
      requests.push({
        method: request.method,
        target: url.pathname + url.search,
        headers: Object.fromEntries(request.headers),
        body,
      });
      const reply = queue.shift() ?? { events: textReply("ok") };
      if (reply.respond !== undefined) return reply.respond(request);
      const events = reply.events ?? [];
      let index = 0;
      const stream = new ReadableStream<Uint8Array>({
        async pull(controller) {
          if (index >= events.length) {
            controller.close();
            return;
          }
          if (index > 0 && reply.before !== undefined) await reply.before(index);
          controller.enqueue(encodeSse(events[index]!));
          index++;
        },
        cancel() {
          signalCancel();
        },
      });
      return new Response(stream, {
        headers: {
          "content-type": "text/event-stream",
          "cache-control": "no-cache",
          "request-id": "req_fake",
        },
      });
    },
  );

  const port = server.addr.port;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    requests,
    script: (...replies) => queue.push(...replies),
    cancelled: () => cancelledPromise,
    close: async () => {
      await server.shutdown();
      cancelledPromise = new Promise<void>((resolve) => signalCancel = resolve);
    },
  };
}
