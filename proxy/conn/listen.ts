/** Where a proxy listens and how to stop it; shared by the API and egress proxies. */

/** A unix socket path (what a bottle reaches), or a loopback port (0 picks one). */
export type ListenOn = { readonly path: string } | { readonly port: number };

/** A running server and how to stop it. */
export interface RunningServer {
  /** The unix socket path, or `127.0.0.1:PORT`. */
  readonly address: string;
  /** The TCP port when listening on loopback. */
  readonly port: number | undefined;
  /** Stops accepting, closes connections, resolves when done. */
  readonly shutdown: () => Promise<void>;
}
