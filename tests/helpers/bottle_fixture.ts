/**
 * A sandbox for end-to-end bottle tests: a private HOME (so state, sockets
 * and audit logs are the test's own), a workspace with a manifest pointing
 * the bottle at a local fake Messages API, a fake real credential, and the
 * bottle CLI run as users run it. Only loopback is ever contacted.
 */
import { join } from "node:path";
import { runDocker } from "../../cli/engine/docker.ts";
import { type BottleRun, REPO_ROOT, runBottle } from "./run_bottle.ts";
import { type FakeMessagesApi, startFakeMessagesApi } from "./fake_messages_api.ts";

/** The fake "real" credential every fixture uses; tests grep for it everywhere. */
export const REAL_CREDENTIAL =
  "sk-ant-oat01-REAL-e2e-secret-3f9c1b7a5d2e4c6f8a0b1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c0d1e2f3a4b5c6d7e8f9aAA";

/** A running fixture. */
export interface BottleFixture {
  readonly home: string;
  readonly workspace: string;
  readonly stateRoot: string;
  readonly api: FakeMessagesApi;
  /** The environment every `bottle` call of this fixture runs with (nothing else inherited). */
  readonly env: Record<string, string>;
  /** Runs `bottle ARGS…` in the workspace. */
  readonly bottle: (
    args: readonly string[],
    extraEnv?: Record<string, string>,
  ) => Promise<BottleRun>;
  /** Writes the manifest (the fake API is the upstream unless `auth.upstream` is given). */
  readonly manifest: (bottle: Record<string, unknown>) => Promise<void>;
  /** Stops every bottle of this fixture, the fake API, and removes the folders. */
  readonly close: () => Promise<void>;
}

/** Creates a fixture with one bottle `dev` and no egress. */
export async function bottleFixture(prefix = "bottle-e2e-"): Promise<BottleFixture> {
  const home = await Deno.makeTempDir({ prefix });
  const workspace = join(home, "ws");
  await Deno.mkdir(workspace);
  // The bottle's user is uid 1000: give it the workspace, as a user's own folder would be.
  if (Deno.uid() === 0) await Deno.chown(workspace, 1000, 1000);
  else await Deno.chmod(workspace, 0o777);
  const api = startFakeMessagesApi();
  const env: Record<string, string> = {
    HOME: home,
    PATH: Deno.env.get("PATH") ?? "/usr/bin:/bin",
    CLAUDE_BOTTLE_OAUTH_TOKEN: REAL_CREDENTIAL,
    TERM: "xterm-256color",
  };
  const bottle = (args: readonly string[], extraEnv: Record<string, string> = {}) =>
    runBottle(args, { cwd: workspace, env: { ...env, ...extraEnv } });
  const manifest = async (spec: Record<string, unknown>) => {
    const auth = { upstream: api.url, ...(spec.auth as Record<string, unknown> | undefined) };
    await Deno.writeTextFile(
      join(workspace, "claude-bottle.json"),
      JSON.stringify({ bottles: { dev: { ...spec, auth } } }, null, 2),
    );
  };
  await manifest({});
  return {
    home,
    workspace,
    stateRoot: join(home, ".local", "state", "bottle"),
    api,
    env,
    bottle,
    manifest,
    close: async () => {
      await bottle(["stop", "--all"]);
      await api.close();
      await Deno.remove(home, { recursive: true }).catch(() => {});
    },
  };
}

/**
 * `curl -sS ARGS…` inside a bottle, through the egress proxy even to 127.0.0.1:
 * NO_PROXY names loopback for the API relay, so it is lifted for this one call.
 */
export function curlThroughEgress(...args: string[]): string[] {
  return ["env", "-u", "NO_PROXY", "-u", "no_proxy", "curl", "-sS", ...args];
}

/** Whether the engine has the container of bottle `name`. */
export async function containerExists(name: string): Promise<boolean> {
  return (await runDocker(["container", "inspect", "--", `bottle-${name}`])).code === 0;
}

/** Polls `check` until it holds or `ms` pass; returns whether it held. */
export async function eventually(check: () => Promise<boolean>, ms = 10_000): Promise<boolean> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return await check();
}

/** The command line that runs the bottle CLI from source (for tmux sessions and shells). */
export function bottleCommandLine(): string {
  return `deno run --quiet --config=${REPO_ROOT}deno.json -P=bottle ${REPO_ROOT}cli/main.ts`;
}

/** Whether anything (a file, folder or dangling link) is at `path` on the host. */
export async function pathExists(path: string): Promise<boolean> {
  try {
    await Deno.lstat(path);
    return true;
  } catch {
    return false;
  }
}
