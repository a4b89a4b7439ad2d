/**
 * The bottle's ready signal: the in-bottle init connects to `ready.sock` in the
 * socket folder once its relays listen and the agent is starting. A socket
 * instead of watching `docker logs` for a marker: no docker CLI start-up on the
 * critical path of `bottle start`.
 */

/** A listener waiting for the init's one connection. */
export interface ReadySignal {
  /** Resolves on the first connection. */
  readonly ready: Promise<void>;
  /** Stops listening and removes the socket; safe to call more than once. */
  readonly close: () => Promise<void>;
}

/** Listens on `path` (reachable by the bottle's uid) for the init's ready connection. */
export async function listenForReady(path: string): Promise<ReadySignal> {
  const listener = Deno.listen({ transport: "unix", path });
  await Deno.chmod(path, 0o666);
  const ready = Promise.withResolvers<void>();
  let closed = false;
  const close = async () => {
    if (closed) return;
    closed = true;
    listener.close();
    await Deno.remove(path).catch(() => {});
  };
  (async () => {
    try {
      const conn = await listener.accept();
      conn.close();
      ready.resolve();
    } catch {
      // Closed before the bottle was ready: the caller's own timeout or exit reports it.
    }
    await close();
  })();
  return { ready: ready.promise, close };
}
