/**
 * Copies bytes both ways between a client and an upstream until either side
 * ends, the tunnel sits idle too long, or it outlives its maximum lifetime.
 * Counts bytes each way for the audit log.
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

/** Pipes `client` ⇄ `upstream` until done; both ends are closed when it returns. */
export async function pipeTunnel(
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
  // read); the timer is re-armed only when it fires before the pushed-back time.
  const idle = new Deadline(limits.idleMs, {
    onExpire: () => {
      ended = "idle";
      closeBoth();
    },
  });
  const lifetime = new Deadline(limits.lifetimeMs, {
    onExpire: () => {
      ended = "lifetime";
      closeBoth();
    },
  });

  const copy = async (from: TunnelEnd, to: TunnelEnd, count: (n: number) => void) => {
    const buf = new Uint8Array(64 * 1024);
    try {
      for (;;) {
        const n = await from.read(buf);
        if (n === null) break;
        idle.touch();
        count(n);
        await writeAll(to, buf.subarray(0, n));
      }
      // Pass the end of stream on; the other direction may still be running.
      await to.closeWrite?.();
    } catch {
      closeBoth();
    }
  };
  await Promise.all([
    copy(client, upstream, (n) => bytesUp += n),
    copy(upstream, client, (n) => bytesDown += n),
  ]);
  idle.clear();
  lifetime.clear();
  closeBoth();
  return { bytesUp, bytesDown, ended };
}
