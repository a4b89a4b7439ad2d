/**
 * A terminal for interactive tests: a tmux server on the host (its own
 * socket) runs a command in a real pseudo-terminal; tests read the screen
 * and type keys, as a person at a terminal would.
 */

/** One tmux server with one session per `run`. */
export interface HostTmux {
  /** Starts `script` (a shell script) in a new session named `session`. */
  readonly run: (session: string, script: string) => Promise<void>;
  /** The visible screen of `session` (empty when the session is gone). */
  readonly screen: (session: string) => Promise<string>;
  /** Types `keys` (tmux key names, such as "Enter") into `session`. */
  readonly keys: (session: string, ...keys: string[]) => Promise<void>;
  /** Closes the session, as closing a terminal window does. */
  readonly kill: (session: string) => Promise<void>;
  /** Whether `session` still exists. */
  readonly alive: (session: string) => Promise<boolean>;
  /** Stops the tmux server. */
  readonly close: () => Promise<void>;
}

/** Starts using a private tmux server (created by the first `run`). */
export function hostTmux(): HostTmux {
  const socket = `bottle-test-${crypto.randomUUID().slice(0, 8)}`;
  const tmux = async (...args: string[]) => {
    const out = await new Deno.Command("tmux", {
      args: ["-L", socket, "-f", "/dev/null", ...args],
      stdout: "piped",
      stderr: "piped",
    }).output();
    return { code: out.code, stdout: new TextDecoder().decode(out.stdout) };
  };
  return {
    run: async (session, script) => {
      const result = await tmux(
        "new-session",
        "-d",
        "-s",
        session,
        "-x",
        "160",
        "-y",
        "48",
        `sh -c '${script.replace(/'/g, `'\\''`)}'`,
      );
      if (result.code !== 0) throw new Error(`tmux new-session failed (${result.code})`);
    },
    screen: async (session) => (await tmux("capture-pane", "-p", "-t", session)).stdout,
    keys: async (session, ...keys) => {
      await tmux("send-keys", "-t", session, ...keys);
    },
    kill: async (session) => {
      await tmux("kill-session", "-t", session);
    },
    alive: async (session) => (await tmux("has-session", "-t", session)).code === 0,
    close: async () => {
      await tmux("kill-server");
    },
  };
}
