/**
 * Where a bottle's host-side files live: `$XDG_STATE_HOME/bottle/<name>/`
 * (default `~/.local/state/bottle/<name>/`), mode 0700. The socket folder and
 * the config folder are the only parts a container sees, both read-only.
 */
import { join } from "node:path";

/** The files of one bottle's state folder. */
export interface StateLayout {
  /** The bottle's folder (0700). */
  readonly dir: string;
  /** Unix sockets of the proxies; mounted read-only at `/run/bottle`. */
  readonly sockDir: string;
  readonly apiSocket: string;
  readonly egressSocket: string;
  /** The bottle's init connects here once its relays and agent are up (the ready signal). */
  readonly readySocket: string;
  /** The policy hook reports each decision here (audit, first-run hashes). */
  readonly hookSocket: string;
  /** First-run hashes of executables outside the image; written only by the supervisor. */
  readonly trustStore: string;
  /** The policy hook's rules for this bottle (in the config folder, at /etc/bottle). */
  readonly hookPolicy: string;
  /** Rendered Claude Code config and the init script; mounted read-only at `/etc/bottle`. */
  readonly configDir: string;
  /** The bottle's seccomp profile, read by `docker run` (never mounted). */
  readonly seccompProfile: string;
  /** The managed settings file, mounted at `/etc/claude-code/managed-settings.json`. */
  readonly managedSettings: string;
  /** One JSON line per proxy decision; kept after the bottle is gone. */
  readonly auditLog: string;
  /** Output of a detached print-mode agent. */
  readonly agentLog: string;
  /** The supervisor's own messages. */
  readonly supervisorLog: string;
  /** Who supervises the bottle (its pid). */
  readonly supervisorFile: string;
  /** The supervisor's control socket: it accepts while the supervisor lives (never mounted). */
  readonly controlSocket: string;
  /** Sources of the workspace seal's masks: an empty file and an empty folder, both read-only. */
  readonly emptyFile: string;
  readonly emptyFolder: string;
  /** Locked while a supervisor claims the folder or `gc` judges it, so neither sees the other half-done. */
  readonly lockFile: string;
}

/** The folder holding every bottle's state. */
export function stateRoot(env: (name: string) => string | undefined): string | undefined {
  const xdg = env("XDG_STATE_HOME");
  if (xdg !== undefined && xdg.startsWith("/")) return join(xdg, "bottle");
  const home = env("HOME");
  return home === undefined || !home.startsWith("/")
    ? undefined
    : join(home, ".local", "state", "bottle");
}

/** The layout of bottle `name`'s folder under `root`. */
export function stateLayout(root: string, name: string): StateLayout {
  const dir = join(root, name);
  const sockDir = join(dir, "sock");
  const configDir = join(dir, "config");
  return {
    dir,
    sockDir,
    apiSocket: join(sockDir, "api.sock"),
    egressSocket: join(sockDir, "egress.sock"),
    readySocket: join(sockDir, "ready.sock"),
    hookSocket: join(sockDir, "hook.sock"),
    trustStore: join(sockDir, "trust.json"),
    hookPolicy: join(configDir, "hook-policy.json"),
    configDir,
    managedSettings: join(dir, "managed-settings.json"),
    seccompProfile: join(dir, "seccomp.json"),
    auditLog: join(dir, "audit.jsonl"),
    agentLog: join(dir, "agent.log"),
    supervisorLog: join(dir, "supervisor.log"),
    supervisorFile: join(dir, "supervisor.json"),
    controlSocket: join(dir, "control.sock"),
    lockFile: join(dir, "state.lock"),
    emptyFile: join(dir, "seal", "empty"),
    emptyFolder: join(dir, "seal", "empty.d"),
  };
}
