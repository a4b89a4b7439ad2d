/**
 * The supervisor's work for one bottle: prepare its state folder, start the
 * proxies, start the sealed container, wait until the agent is up, and tear
 * everything down — container, sockets, proxies — when it ends. The real
 * credentials, and the private key of the bottle's CA, live only in this
 * process's memory.
 */
import { openAuditLog } from "../../proxy/audit/audit_log.ts";
import { renderEnvFile } from "../bottle/agent_env.ts";
import { containerName } from "../bottle/bottle_name.ts";
import { dockerRunArgv } from "../bottle/docker_run_argv.ts";
import { bottleLabels, type SupervisorId } from "../bottle/labels.ts";
import { type StateLayout, stateLayout } from "../bottle/state_layout.ts";
import { removeContainer, waitContainer } from "../engine/bottle_containers.ts";
import { firstLine, followDocker, runDocker } from "../engine/docker.ts";
import { onTerminate } from "../engine/on_terminate.ts";
import { splitLines } from "../engine/split_lines.ts";
import { EngineError } from "../errors.ts";
import { appendLog } from "./append_log.ts";
import { checkEngineFor } from "./engine_readiness.ts";
import {
  claimState,
  clearRunFiles,
  createProtectedFolders,
  envFilePath,
  prepareState,
  removeCreatedFolders,
} from "./prepare_state.ts";
import { listenForReady, type ReadySignal } from "./ready_signal.ts";
import type { BottleServices } from "./bottle_services.ts";
import { type BottleTls, prepareBottleTls } from "./bottle_tls.ts";
import type { SupervisorInput } from "./supervisor_input.ts";

/** How long a bottle may take from `docker run` to ready. */
const READY_TIMEOUT_MS = 60_000;

/** Where the agent's output goes besides the bottle's `agent.log` (the foreground terminal). */
export interface SupervisorIo {
  /** The agent's standard output (print mode). */
  readonly agentOutput?: (text: string) => void;
  /** The agent's standard error, and the init's messages. */
  readonly agentError?: (text: string) => void;
}

/** A started bottle. */
export interface RunningBottle {
  readonly layout: StateLayout;
  readonly container: string;
  /** Resolves with the agent's exit status once the container stops. */
  readonly exited: Promise<number>;
  /** Removes the container and sockets, stops the proxies; safe to call more than once. */
  readonly teardown: () => Promise<void>;
}

/** Starts the bottle of `input` supervised by `self`; resolves once the agent is up. */
export async function startBottle(
  input: SupervisorInput,
  self: SupervisorId,
  io: SupervisorIo = {},
): Promise<RunningBottle> {
  const { plan } = input;
  const layout = stateLayout(input.stateRoot, plan.name);
  const container = containerName(plan.name);
  // The CA's first key takes tens of milliseconds on a worker thread: made while the folder
  // is claimed, and ready before `docker run`, whose mount shows its certificate.
  const tlsReady = prepareBottleTls(
    plan,
    input.testUpstreamCaFile === undefined ? {} : { testUpstreamCaFile: input.testUpstreamCaFile },
  );
  tlsReady.catch(() => {});
  const control = await claimState(layout, self);
  let audit: ReturnType<typeof openAuditLog> | undefined;
  let readySignal: ReadySignal | undefined;
  let createdFolders: string[] = [];
  let tls: BottleTls | undefined;
  try {
    tls = await tlsReady;
    await prepareState(
      layout,
      plan,
      input.phantom,
      tls === undefined
        ? undefined
        : { certificatePem: tls.ca.certificatePem, bundlePem: tls.bundlePem },
    );
    createdFolders = createProtectedFolders(plan);
    audit = openAuditLog(layout.auditLog);
    readySignal = await listenForReady(layout.readySocket);
  } catch (error) {
    audit?.close();
    await removeCreatedFolders(plan.workspace, createdFolders);
    await clearRunFiles(layout);
    control.close();
    throw error;
  }
  const openAudit = audit;
  const openReady = readySignal;
  const openTls = tls;
  // `docker run` is spawned first: loading the services' modules holds this thread for tens
  // of milliseconds, and the engine's work should not wait behind it.
  const started = runContainer(input, layout, self);
  started.catch(() => {});
  // The proxies and the hook socket start while the engine creates the container: the init
  // waits for their sockets before it signals ready, so "ready" still means all of them.
  const services: Promise<BottleServices> = import("./bottle_services.ts").then((m) =>
    m.startServices(input, layout, openAudit.write, openTls)
  );
  services.catch(() => {});
  const agentLog = appendLog(layout.agentLog);

  let tornDown: Promise<void> | undefined;
  const teardown = () =>
    tornDown ??= (async () => {
      await removeContainer(container).catch(() => {});
      await removeCreatedFolders(plan.workspace, createdFolders);
      await openReady.close();
      await (await services.catch(() => undefined))?.shutdown();
      openAudit.close();
      agentLog.close();
      // Cleared while the control socket still answers: a new bottle of the same name claims
      // the folder only once this supervisor is gone, and finds nothing of it left to remove.
      await clearRunFiles(layout);
      control.close();
    })();

  try {
    await Promise.all([started, services]);
  } catch (error) {
    await teardown();
    throw error;
  }

  const ready = Promise.withResolvers<void>();
  let tail = "";
  let pending = "";
  const logs = followDocker(["logs", "--follow", "--", container], (text, source) => {
    agentLog.write(text);
    if (source === "stdout") return io.agentOutput?.(text);
    const { lines, rest } = splitLines(pending + text);
    pending = rest;
    for (const line of lines) {
      tail = (tail + line + "\n").slice(-2000);
      io.agentError?.(line + "\n");
    }
  });
  openReady.ready.then(ready.resolve);
  logs.then(() => ready.reject(new Error("the bottle stopped before it was ready")));
  // One docker CLI follows the bottle, not two: `docker logs --follow` ends when the container
  // stops, and only then is its status asked for (`docker wait` returns at once for a stopped
  // container, or waits if the log stream ended early). Each idle docker CLI holds ~25 MB.
  // Every byte of output is delivered before the exit status.
  const exited = logs.then(async () => (await waitContainer(container)) ?? 137);

  const timer = setTimeout(
    () => ready.reject(new Error("the bottle did not get ready in time")),
    READY_TIMEOUT_MS,
  );
  try {
    await ready.promise;
  } catch (error) {
    await teardown();
    await logs;
    const detail = firstLine(tail.split("\n").reverse().join("\n"));
    throw new EngineError(
      "not_ready",
      `${(error as Error).message}${detail ? `: ${detail}` : ""}`,
      {
        hint: "run with --debug, or check the image with `bottle image build`",
      },
    );
  } finally {
    clearTimeout(timer);
  }
  return {
    layout,
    container,
    exited,
    teardown,
  };
}

async function runContainer(
  input: SupervisorInput,
  layout: StateLayout,
  self: SupervisorId,
): Promise<void> {
  const envFile = envFilePath(layout);
  // Written synchronously so that `docker run` is spawned before this function first yields.
  Deno.writeTextFileSync(envFile, renderEnvFile(input.agentEnv), { mode: 0o600 });
  try {
    const argv = dockerRunArgv(input.plan, {
      sockDir: layout.sockDir,
      configDir: layout.configDir,
      managedSettings: layout.managedSettings,
      envFile,
      emptyFile: layout.emptyFile,
      emptyFolder: layout.emptyFolder,
      seccompProfile: layout.seccompProfile,
    }, bottleLabels(input.plan, layout.dir, self, new Date()));
    const result = await runDocker(argv);
    if (result.code !== 0) {
      // A missing image or runtime is explained in the user's words; anything else as it came.
      await checkEngineFor(input.plan);
      throw new EngineError(
        "run_failed",
        `the engine could not start the bottle: ${
          firstLine(result.stderr) ?? `status ${result.code}`
        }`,
        { hint: "check `docker info`, the image (`bottle image build`) and the workspace path" },
      );
    }
  } finally {
    await Deno.remove(envFile).catch(() => {});
  }
}

/**
 * Holds `bottle` until its agent exits — or SIGINT, SIGTERM or SIGHUP asks
 * for an early end — then tears it down; resolves with the agent's status.
 */
export async function superviseUntilExit(
  bottle: RunningBottle,
  onSignal: () => void = () => {},
): Promise<number> {
  const stopListening = onTerminate(() => {
    onSignal();
    void bottle.teardown();
  });
  try {
    return await bottle.exited;
  } finally {
    stopListening();
    await bottle.teardown();
  }
}
