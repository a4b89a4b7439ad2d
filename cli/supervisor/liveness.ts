/**
 * Whether a bottle's supervisor still lives: it listens on a control socket
 * in the bottle's state folder for as long as it runs, and the kernel closes
 * that listener the moment it dies — `kill -9` included. A connection that is
 * refused means the supervisor, and with it the bottle's egress, is gone.
 */
import type { SupervisorId } from "../bottle/labels.ts";

/** The identity of this process. */
export function ownSupervisorId(): SupervisorId {
  return { pid: Deno.pid };
}

/** Listens on `path` until closed; every connection is closed at once (connecting is the question). */
export function listenControl(path: string): { close: () => void } {
  const listener = Deno.listen({ transport: "unix", path });
  let open = true;
  (async () => {
    for await (const conn of listener) conn.close();
  })().catch(() => {});
  return {
    close: () => {
      if (!open) return;
      open = false;
      listener.close();
    },
  };
}

/**
 * Whether a supervisor listens on the control socket at `path`. Only a
 * refused connection or a missing socket means dead: a socket this user may
 * not reach (another user's bottle) counts as alive, so it is never touched.
 */
export async function supervisorAlive(path: string): Promise<boolean> {
  try {
    const conn = await Deno.connect({ transport: "unix", path });
    conn.close();
    return true;
  } catch (error) {
    return !(error instanceof Deno.errors.ConnectionRefused ||
      error instanceof Deno.errors.NotFound);
  }
}
