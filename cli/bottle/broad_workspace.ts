/**
 * Workspaces a bottle refuses to mount: the whole filesystem, the user's home
 * or a folder above it, the system's own folders, and any folder that holds
 * bottle's state or the container engine's socket. Mounting one of those
 * read-write hands the agent the user's keys, the host's configuration or the
 * engine itself (a socket that starts privileged containers). Pure: the
 * caller resolves symlinks first, so `~/ws -> /` is judged as `/`.
 */
import { isAbsolute, normalize, relative, sep } from "node:path";

/** What the check needs to know about the host, every path already resolved. */
export interface BroadWorkspaceHost {
  /** The user's home folder. */
  readonly home: string | undefined;
  /** bottle's state folder (sockets, audit logs, run files). */
  readonly stateRoot: string;
  /** Unix sockets of the container engine this host may run. */
  readonly engineSockets: readonly string[];
}

/** Why a workspace is refused, as one line. */
export interface BroadWorkspace {
  readonly reason: string;
}

/** System folders never mounted as a workspace (the folder itself). */
export const SYSTEM_FOLDERS: readonly string[] = [
  "/etc",
  "/usr",
  "/var",
  "/root",
  "/boot",
  "/proc",
  "/sys",
  "/dev",
  "/run",
  "/bin",
  "/sbin",
  "/lib",
  "/lib64",
  "/opt",
  "/srv",
  "/home",
  "/mnt",
  "/media",
  "/tmp",
];

/** Kernel and device trees: no folder inside them is ever a workspace. */
const VIRTUAL_TREES: readonly string[] = ["/proc", "/sys", "/dev", "/boot"];

/** Why `workspace` (absolute, symlinks resolved) is too broad to mount, or undefined. */
export function broadWorkspace(
  workspace: string,
  host: BroadWorkspaceHost,
): BroadWorkspace | undefined {
  const folder = normalize(workspace);
  if (folder === "/") return { reason: "it is the whole filesystem" };
  if (host.home !== undefined) {
    const home = normalize(host.home);
    if (folder === home) {
      return { reason: "it is your home folder (keys, tokens, shell start-up files)" };
    }
    if (holds(folder, home)) return { reason: `it holds your home folder ${home}` };
  }
  if (SYSTEM_FOLDERS.includes(folder)) return { reason: "it is a system folder" };
  const tree = VIRTUAL_TREES.find((t) => holds(t, folder));
  if (tree !== undefined) return { reason: `it is inside ${tree}, a kernel or boot folder` };
  if (holds(folder, host.stateRoot) || folder === normalize(host.stateRoot)) {
    return { reason: `it holds bottle's state folder ${host.stateRoot} (other bottles' sockets)` };
  }
  const socket = host.engineSockets.find((s) => holds(folder, s));
  if (socket !== undefined) {
    return { reason: `it holds the container engine's socket ${socket}` };
  }
  return undefined;
}

/** Whether `outer` is a strict ancestor of `inner`. */
function holds(outer: string, inner: string): boolean {
  const path = relative(normalize(outer), normalize(inner));
  return path !== "" && !path.startsWith("..") && !isAbsolute(path) && !path.startsWith(sep + "..");
}

/** The engine sockets to keep out of workspaces: the usual places and `DOCKER_HOST`'s. */
export function engineSocketsOf(
  dockerHost: string | undefined,
  runtimeDir: string | undefined,
): string[] {
  const sockets = ["/var/run/docker.sock", "/run/docker.sock", "/run/containerd/containerd.sock"];
  if (runtimeDir !== undefined && runtimeDir !== "") sockets.push(`${runtimeDir}/docker.sock`);
  if (dockerHost?.startsWith("unix://")) sockets.push(dockerHost.slice("unix://".length));
  return sockets;
}
