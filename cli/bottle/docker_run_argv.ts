/**
 * `docker run` for a bottle, as pure data: plan in, argv out. Every hardening
 * flag lives here, so one snapshot test shows the whole seal. No value that
 * could be secret is on this argv: the environment travels in an env file.
 */
import { AGENT_HOME, AGENT_UID, WORKSPACE_IN_BOTTLE } from "./agent_env.ts";
import { containerName } from "./bottle_name.ts";
import type { BottlePlan } from "./plan.ts";
import { seccompApplies } from "./seccomp_profile.ts";

/** Where the host-side pieces are mounted inside the bottle. */
export const IN_BOTTLE = {
  workspace: WORKSPACE_IN_BOTTLE,
  sockets: "/run/bottle",
  config: "/etc/bottle",
  managedSettings: "/etc/claude-code/managed-settings.json",
  skills: `${AGENT_HOME}/.claude/skills`,
  init: "/etc/bottle/init.sh",
} as const;

/**
 * Folders of Claude Code's config whose files it runs before Bash commands
 * without asking: the shell snapshot it sources, and the scripts hooks leave
 * in session-env. Each is an empty read-only tmpfs, so the agent cannot plant
 * one; Claude Code then runs each command in a login shell instead (checked
 * with 2.1.328), whose start-up files are pinned below.
 */
export const READ_ONLY_CLAUDE_FOLDERS: readonly string[] = [
  `${AGENT_HOME}/.claude/shell-snapshots`,
  `${AGENT_HOME}/.claude/session-env`,
];

/** The shell start-up files bash reads in the agent's home, each a read-only copy of SHELL_PROFILE. */
export const PINNED_SHELL_FILES: readonly string[] = [
  ".bash_profile",
  ".bash_login",
  ".profile",
  ".bashrc",
  ".bash_logout",
].map((name) => `${AGENT_HOME}/${name}`);

/** The name, in the bottle's config folder, of the file mounted over every shell start-up file. */
export const SHELL_PROFILE_FILE = "shell-profile";

/** What bash reads at the start of every login shell in a bottle: nothing to run. */
export const SHELL_PROFILE =
  "# bottle: shell start-up files in a bottle are read-only and empty, so nothing in the\n" +
  "# bottle can make every later Bash command run its code first.\n";

/** Sizes of the in-bottle tmpfs mounts. */
export const TMPFS_SIZES = { tmp: "512m", home: "512m", claude: "256m" } as const;

/** Host paths the container argv needs. */
export interface RunPaths {
  readonly sockDir: string;
  readonly configDir: string;
  readonly managedSettings: string;
  readonly envFile: string;
  /** The workspace seal's mask sources (an empty read-only file and folder). */
  readonly emptyFile: string;
  readonly emptyFolder: string;
  /** The bottle's seccomp profile (the engine's default plus bottle's refusals). */
  readonly seccompProfile: string;
}

/** One `--mount` value, CSV-quoted where a field holds a comma or quote (docker parses it as CSV). */
export function bindMount(source: string, target: string, readOnly: boolean): string {
  const fields = ["type=bind", `source=${source}`, `target=${target}`];
  if (readOnly) fields.push("readonly");
  return fields.map((f) => /[",\n]/.test(f) ? `"${f.replace(/"/g, '""')}"` : f).join(",");
}

/**
 * The workspace seal as `--mount` arguments: git folders over themselves (so
 * they cannot be renamed away), host-run files read-only over themselves, and
 * an empty read-only file or folder over every masked entry. The engine
 * mounts parents before children whatever the order here.
 */
export function sealMounts(
  plan: BottlePlan,
  paths: Pick<RunPaths, "emptyFile" | "emptyFolder">,
): string[] {
  const { seal } = plan;
  const inside = (relative: string) => `${IN_BOTTLE.workspace}/${relative}`;
  const onHost = (relative: string) => `${plan.workspace}/${relative}`;
  const argv: string[] = [];
  const seen = new Set<string>();
  const add = (relative: string, source: string, readOnly: boolean) => {
    if (seen.has(relative)) return;
    seen.add(relative);
    argv.push("--mount", bindMount(source, inside(relative), readOnly));
  };
  const masked = new Set(seal.masked.map((entry) => entry.path));
  for (const entry of seal.masked) {
    add(entry.path, entry.kind === "file" ? paths.emptyFile : paths.emptyFolder, true);
  }
  // A read-only workspace needs only the masks.
  if (plan.workspaceReadOnly) return argv;
  for (const entry of seal.readOnly) {
    if (!masked.has(entry.path)) add(entry.path, onHost(entry.path), true);
  }
  for (const folder of seal.gitFolders) add(folder, onHost(folder), false);
  return argv;
}

/** The argv of `docker run` that starts the bottle of `plan` detached. */
export function dockerRunArgv(
  plan: BottlePlan,
  paths: RunPaths,
  labels: Readonly<Record<string, string>>,
): string[] {
  const user = `${AGENT_UID}:${AGENT_UID}`;
  const tmpfs = (size: string, owned: boolean) =>
    `rw,noexec,nosuid,nodev,size=${size}` +
    (owned ? `,uid=${AGENT_UID},gid=${AGENT_UID},mode=0700` : "");
  const argv = [
    "run",
    "--detach",
    // bottle never pulls: a missing image fails at once (and is explained, never fetched).
    "--pull",
    "never",
    "--name",
    containerName(plan.name),
    "--hostname",
    plan.name.slice(0, 63),
    // The seal: no interface but lo, nothing writable but the grants, no privileges.
    "--network",
    "none",
    "--read-only",
    "--cap-drop",
    "ALL",
    "--security-opt",
    "no-new-privileges",
    // The engine's default system-call filter plus refusals (vsock and other socket
    // families, io_uring, …); not under gVisor, which has its own system-call surface.
    ...(seccompApplies(plan.runtime) ? ["--security-opt", `seccomp=${paths.seccompProfile}`] : []),
    "--user",
    user,
    "--init",
    // Its own cgroup namespace: the bottle sees no other container's or the host's cgroups.
    "--cgroupns",
    "private",
    "--runtime",
    plan.runtime,
    "--memory",
    plan.resources.memory,
    "--memory-swap",
    plan.resources.memory,
    "--cpus",
    String(plan.resources.cpus),
    "--pids-limit",
    String(plan.resources.pids),
    "--tmpfs",
    `/tmp:${tmpfs(TMPFS_SIZES.tmp, false)}`,
    "--tmpfs",
    `${AGENT_HOME}:${tmpfs(TMPFS_SIZES.home, true)}`,
    "--tmpfs",
    `${AGENT_HOME}/.claude:${tmpfs(TMPFS_SIZES.claude, true)}`,
  ];
  for (const folder of READ_ONLY_CLAUDE_FOLDERS) {
    argv.push("--tmpfs", `${folder}:ro,noexec,nosuid,nodev,size=4k,mode=0555`);
  }
  argv.push("--mount", bindMount(plan.workspace, IN_BOTTLE.workspace, plan.workspaceReadOnly));
  argv.push(...sealMounts(plan, paths));
  for (const skill of plan.skills) {
    argv.push("--mount", bindMount(skill.path, `${IN_BOTTLE.skills}/${skill.name}`, true));
  }
  argv.push(
    "--mount",
    bindMount(paths.sockDir, IN_BOTTLE.sockets, true),
    "--mount",
    bindMount(paths.configDir, IN_BOTTLE.config, true),
    "--mount",
    bindMount(paths.managedSettings, IN_BOTTLE.managedSettings, true),
  );
  for (const file of PINNED_SHELL_FILES) {
    argv.push("--mount", bindMount(`${paths.configDir}/${SHELL_PROFILE_FILE}`, file, true));
  }
  argv.push(
    "--workdir",
    IN_BOTTLE.workspace,
    "--env-file",
    paths.envFile,
  );
  for (const [key, value] of Object.entries(labels)) argv.push("--label", `${key}=${value}`);
  argv.push("--entrypoint", "/bin/sh", "--", plan.image, IN_BOTTLE.init, plan.mode);
  return argv;
}
