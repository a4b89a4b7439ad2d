/**
 * Writes a bottle's state folder before its container starts: the folder
 * itself (0700, so no other host user reaches the sockets or the log), the
 * socket folder, and the rendered config the bottle mounts read-only — with
 * the bottle's CA certificate and trust bundle when it has a CA (never a key).
 */
import initScript from "../bottle/bottle_init.sh" with { type: "text" };
import tmuxConf from "../bottle/tmux.conf" with { type: "text" };
import gitExternalDiff from "../bottle/git_external_diff.sh" with { type: "text" };
import gitCredential from "../bottle/git_credential.sh" with { type: "text" };
import { type GitCredential, gitSystemConfig } from "../bottle/git_credentials.ts";
import { SHELL_PROFILE, SHELL_PROFILE_FILE } from "../bottle/docker_run_argv.ts";
import { claudeJson, managedSettings } from "../bottle/claude_config.ts";
import { basename, dirname, join } from "node:path";
import type { SupervisorId } from "../bottle/labels.ts";
import { UsageError } from "../errors.ts";
import { listenControl, supervisorAlive } from "./liveness.ts";
import { withStateLock } from "./state_lock.ts";
import { hookPolicyOf } from "../bottle/hook_policy_of.ts";
import { EMPTY_TRUST_STORE } from "../hook/binary/trust_store.ts";
import type { BottlePlan } from "../bottle/plan.ts";
import { gitIgnoreOf } from "../seal/git_ignore.ts";
import { bottleSeccompJson } from "../bottle/seccomp_profile.ts";
import type { StateLayout } from "../bottle/state_layout.ts";
import { BUNDLE_FILE, CA_FILE } from "../../proxy/tls/ca_files.ts";

/** The public half of a bottle's CA, as the bottle trusts it. */
export interface CaTrustFiles {
  /** The CA certificate (bottle-ca.pem). */
  readonly certificatePem: string;
  /** The host's system store followed by the CA (ca-bundle.pem). */
  readonly bundlePem: string;
}

/** The credentials git answers with a phantom for: every granted one, on its hosts. */
function gitCredentialsOf(plan: BottlePlan): GitCredential[] {
  return plan.credentials.map(({ name, hosts }) => ({ name, hosts }));
}

/**
 * Creates the folders and files of `layout` for `plan`; stale sockets and
 * config are replaced. `ca`, when the bottle has one, is written beside the
 * config as bottle-ca.pem and ca-bundle.pem.
 */
export async function prepareState(
  layout: StateLayout,
  plan: BottlePlan,
  phantom: string,
  ca?: CaTrustFiles,
): Promise<void> {
  await Deno.mkdir(layout.dir, { recursive: true, mode: 0o700 });
  await Deno.chmod(layout.dir, 0o700);
  await clearRunFiles(layout, { keepSupervisor: true });
  // Readable by the bottle's uid through the bind mounts; the 0700 parent keeps host users out.
  await Deno.mkdir(layout.sockDir, { mode: 0o755 });
  await Deno.chmod(layout.sockDir, 0o755);
  await Deno.mkdir(layout.configDir, { mode: 0o755 });
  await Deno.chmod(layout.configDir, 0o755);
  const files: [string, string][] = [
    [`${layout.configDir}/init.sh`, initScript],
    [`${layout.configDir}/tmux.conf`, tmuxConf],
    [`${layout.configDir}/claude.json`, JSON.stringify(claudeJson(phantom), null, 2) + "\n"],
    [`${layout.configDir}/${SHELL_PROFILE_FILE}`, SHELL_PROFILE],
    [`${layout.configDir}/git-external-diff.sh`, gitExternalDiff],
    [`${layout.configDir}/git-credential.sh`, gitCredential],
    [`${layout.configDir}/gitconfig`, gitSystemConfig(gitCredentialsOf(plan))],
    [layout.managedSettings, JSON.stringify(managedSettings(plan.mcpServers), null, 2) + "\n"],
    [layout.hookPolicy, JSON.stringify(hookPolicyOf(plan), null, 2) + "\n"],
    [layout.trustStore, JSON.stringify(EMPTY_TRUST_STORE) + "\n"],
    [`${layout.configDir}/git-ignore`, gitIgnoreOf(plan.seal)],
  ];
  if (plan.prompt !== undefined) files.push([`${layout.configDir}/prompt.txt`, plan.prompt]);
  if (ca !== undefined) {
    files.push(
      [join(layout.configDir, CA_FILE), ca.certificatePem],
      [join(layout.configDir, BUNDLE_FILE), ca.bundlePem],
    );
  }
  for (const [path, text] of files) {
    await Deno.writeTextFile(path, text, { mode: 0o644 });
    await Deno.chmod(path, 0o644);
  }
  // Read by the docker CLI on the host only: private to the user.
  await Deno.writeTextFile(layout.seccompProfile, bottleSeccompJson(), { mode: 0o600 });
  await Deno.chmod(layout.seccompProfile, 0o600);
  // The masks' sources: readable by the bottle's user, writable by nobody through the mounts.
  await Deno.mkdir(dirname(layout.emptyFile), { recursive: true, mode: 0o755 });
  await Deno.writeTextFile(layout.emptyFile, "", { mode: 0o444 });
  await Deno.chmod(layout.emptyFile, 0o444);
  await Deno.mkdir(layout.emptyFolder, { mode: 0o555 });
  await Deno.chmod(layout.emptyFolder, 0o555);
}

/**
 * Creates the absent host-run folders the seal mounts read-only (`.claude`,
 * `.vscode`, …): the bottle then cannot create them for the host to run.
 * Returns the ones this call made, which `removeCreatedFolders` takes away.
 */
export function createProtectedFolders(plan: BottlePlan): string[] {
  const made: string[] = [];
  if (plan.workspaceReadOnly) return made;
  for (const relative of plan.seal.created) {
    try {
      Deno.mkdirSync(join(plan.workspace, relative), { mode: 0o755 });
      made.push(relative);
    } catch (error) {
      // Made since the walk (by the user): it is mounted read-only all the same.
      if (!(error instanceof Deno.errors.AlreadyExists)) throw error;
    }
  }
  return made;
}

/** Removes the folders `createProtectedFolders` made, where they are still empty. */
export async function removeCreatedFolders(
  workspace: string,
  made: readonly string[],
): Promise<void> {
  for (const relative of [...made].reverse()) {
    await Deno.remove(join(workspace, relative)).catch(() => {});
  }
}

/** Removes what only a live bottle needs (sockets, config, supervisor file); keeps logs and audit. */
export async function clearRunFiles(
  layout: StateLayout,
  options: { readonly keepSupervisor?: boolean } = {},
): Promise<void> {
  for (const path of [layout.sockDir, layout.configDir, dirname(layout.emptyFile)]) {
    await Deno.remove(path, { recursive: true }).catch(() => {});
  }
  const files = [layout.managedSettings, layout.seccompProfile, envFilePath(layout)];
  if (options.keepSupervisor !== true) files.push(layout.supervisorFile, layout.controlSocket);
  for (const path of files) await Deno.remove(path).catch(() => {});
}

/**
 * Creates the state folder, refuses when a live supervisor already holds it,
 * and starts listening on the control socket — before anything else is
 * written, and under the folder's lock, so `gc` never mistakes a starting
 * bottle for a dead one.
 */
export async function claimState(
  layout: StateLayout,
  self: SupervisorId,
): Promise<{ close: () => void }> {
  await Deno.mkdir(layout.dir, { recursive: true, mode: 0o700 });
  await Deno.chmod(layout.dir, 0o700);
  return await withStateLock(layout, async () => {
    if (await supervisorAlive(layout.controlSocket)) {
      throw new UsageError("name_taken", `a bottle named ${basename(layout.dir)} is running`, {
        hint: "choose another --name",
      });
    }
    await Deno.remove(layout.controlSocket).catch(() => {});
    const control = listenControl(layout.controlSocket);
    await Deno.writeTextFile(layout.supervisorFile, JSON.stringify({ pid: self.pid }) + "\n", {
      mode: 0o600,
    });
    return control;
  });
}

/** The short-lived env file `docker run --env-file` reads (0600, removed once the container exists). */
export function envFilePath(layout: StateLayout): string {
  return `${layout.dir}/agent.env`;
}
