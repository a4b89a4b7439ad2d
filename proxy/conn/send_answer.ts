/**
 * Sending a proxy's own answer (a refusal, which always closes the
 * connection), the one way both proxies do it: nothing is written to a client
 * a shutdown closed, a client gone is not an error, and with `linger` the
 * write side is closed first and whatever the client still sends (an unread
 * body, say) is read and dropped for a moment, so the close does not reset
 * the connection before the client has read the answer.
 */
import { closeQuietly } from "./close_quietly.ts";
import { Deadline } from "./deadline.ts";
import type { Client } from "./serve_client.ts";
import { writeAll } from "./write_all.ts";

/** How long, and how much, a refused client may keep sending before the connection is closed anyway. */
export interface Linger {
  readonly ms: number;
  readonly bytes: number;
}

/** Writes `answer` to the client, then (with `linger`) closes gently. */
export async function sendAnswer(
  { conn, reader, scope }: Client,
  answer: Uint8Array,
  linger?: Linger,
): Promise<void> {
  if (scope.aborted) return;
  const deadline = linger === undefined
    ? undefined
    : new Deadline(linger.ms, { onExpire: () => closeQuietly(conn) });
  try {
    await writeAll(conn, answer);
    if (linger === undefined) return;
    await conn.closeWrite();
    for (let dropped = 0; dropped < linger.bytes && (await reader.fill());) {
      dropped += reader.buffered.length;
      reader.consume(reader.buffered.length);
    }
  } catch {
    /* the client is gone */
  } finally {
    deadline?.clear();
  }
}
