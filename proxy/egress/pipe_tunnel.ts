/**
 * Copies bytes both ways between a client and an upstream until either side
 * ends, the tunnel sits idle too long, or it outlives its maximum lifetime.
 * Counts bytes each way for the audit log.
 *
 * Memory follows traffic: each direction reads into a small buffer and moves
 * to a large one only while reads fill it (bulk data), going back to the small
 * one on the first short read. Large buffers are lent from a small pool shared
 * by all tunnels, so an idle tunnel holds two small buffers, not two large ones.
 * One deadline is both limits: reads push it back, never past the lifetime.
 */
import { closeQuietly } from "../conn/close_quietly.ts";
import { Deadline } from "../conn/deadline.ts";
import { writeAll } from "../conn/write_all.ts";

/** A connection end the tunnel can read, write and close. */
export interface TunnelEnd {
  read(p: Uint8Array): Promise<number | null>;
  write(p: Uint8Array): Promise<number>;
  close(): void;
  closeWrite?(): Promise<void>;
}

/** How a tunnel ended and what crossed it. */
export interface TunnelResult {
  readonly bytesUp: number;
  readonly bytesDown: number;
  readonly ended: "closed" | "idle" | "lifetime";
}

/** Limits of one tunnel, in milliseconds. */
export interface TunnelLimits {
  readonly idleMs: number;
  readonly lifetimeMs: number;
}

/**
 * A direction's buffer while data trickles (and while the tunnel is idle).
 * Every idle tunnel holds two, so it is small: a read that fills it moves the
 * direction to a large buffer at once, so bulk data costs one read more.
 */
export const SMALL_COPY_BYTES = 1024;
/** A direction's buffer while reads fill the small one (bulk data). */
export const LARGE_COPY_BYTES = 64 * 1024;
/** Large buffers kept for reuse once returned; more are allocated when needed. */
const POOL_SIZE = 16;
const pool: Uint8Array[] = [];

function borrowLarge(): Uint8Array {
  return pool.pop() ?? new Uint8Array(LARGE_COPY_BYTES);
}

function giveBack(buf: Uint8Array): void {
  if (buf.length === LARGE_COPY_BYTES && pool.length < POOL_SIZE) pool.push(buf);
}

/** Pipes `client` ⇄ `upstream` until done; both ends are closed when it returns. */
export function pipeTunnel(
  client: TunnelEnd,
  upstream: TunnelEnd,
  limits: TunnelLimits,
): Promise<TunnelResult> {
  let bytesUp = 0;
  let bytesDown = 0;
  let ended: TunnelResult["ended"] = "closed";
  let closed = false;
  const closeBoth = () => {
    if (closed) return;
    closed = true;
    closeQuietly(client);
    closeQuietly(upstream);
  };
  // A busy tunnel only pushes its idle deadline back (one number stored per
  // read); the timer is re-armed only when it fires before the pushed-back
  // time. The deadline never passes the tunnel's lifetime.
  const clock: Deadline = new Deadline(limits.idleMs, {
    cap: performance.now() + limits.lifetimeMs,
    onExpire: () => {
      ended = clock.passedCap ? "lifetime" : "idle";
      closeBoth();
    },
  });

  const copy = async (from: TunnelEnd, to: TunnelEnd, count: (n: number) => void) => {
    const small = new Uint8Array(SMALL_COPY_BYTES);
    let buf: Uint8Array = small;
    try {
      for (;;) {
        const n = await from.read(buf);
        if (n === null) break;
        clock.touch();
        count(n);
        // One write usually takes it all; writeAll only for the rest of a partial one.
        const written = await to.write(buf.subarray(0, n));
        if (written < n) await writeAll(to, buf.subarray(written, n));
        if (buf === small && n === small.length) {
          buf = borrowLarge();
        } else if (buf !== small && n <= SMALL_COPY_BYTES) {
          giveBack(buf);
          buf = small;
        }
      }
      // Pass the end of stream on; the other direction may still be running.
      await to.closeWrite?.();
    } catch {
      closeBoth();
    } finally {
      // A read cut short by closeBoth has settled by now: nothing writes into it.
      if (buf !== small) giveBack(buf);
    }
  };
  // Chained, not awaited: an open tunnel keeps only its two copy loops suspended.
  return Promise.all([
    copy(client, upstream, (n) => bytesUp += n),
    copy(upstream, client, (n) => bytesDown += n),
  ]).then(() => {
    clock.clear();
    closeBoth();
    return { bytesUp, bytesDown, ended };
  });
}
