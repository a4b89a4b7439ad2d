/**
 * Copies bytes both ways between a client and an upstream until either side
 * ends, the tunnel sits idle too long, or it outlives its maximum lifetime.
 * Counts bytes each way for the audit log.
 */
import { closeQuietly } from "../close_quietly.ts";
import { writeAll } from "./write_all.ts";

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
  // Idle detection by timestamp: a busy tunnel only stores a number per read instead of
  // re-arming a timer, and a check a few times per idle period closes a quiet one.
  let lastActivity = performance.now();
  const touch = () => lastActivity = performance.now();
  const idle = setInterval(() => {
    if (performance.now() - lastActivity >= limits.idleMs) {
      ended = "idle";
      closeBoth();
    }
  }, Math.max(10, Math.min(limits.idleMs / 4, 1000)));
  const lifetime = setTimeout(() => {
    ended = "lifetime";
    closeBoth();
  }, limits.lifetimeMs);

  const copy = async (from: TunnelEnd, to: TunnelEnd, count: (n: number) => void) => {
    const buf = new Uint8Array(64 * 1024);
    try {
      for (;;) {
        const n = await from.read(buf);
        if (n === null) break;
        touch();
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
  clearInterval(idle);
  clearTimeout(lifetime);
  closeBoth();
  return { bytesUp, bytesDown, ended };
}
