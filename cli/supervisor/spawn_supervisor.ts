/**
 * Starts a detached supervisor (`bottle supervise`) in its own session, hands
 * it its input — the real credential included — through a pipe (never argv,
 * never its environment), and waits for its one-line report: ready, or why not.
 */
import { BottleError, ExitCode } from "../errors.ts";
import type { SupervisorInput } from "./supervisor_input.ts";
import { supervisorCommand } from "./self_command.ts";
import { parseSupervisorReport, SUPERVISOR_FAILED } from "./supervisor_report.ts";

/** The host variables a detached supervisor keeps: where the engine and the state are. */
const KEPT_ENV = [
  "PATH",
  "HOME",
  "XDG_STATE_HOME",
  "DOCKER_HOST",
  "DOCKER_CONTEXT",
  "DOCKER_CONFIG",
  "DOCKER_CERT_PATH",
  "DOCKER_TLS_VERIFY",
  "DENO_DIR",
  "NO_COLOR",
];

/** How long the launcher waits for the supervisor's report. */
const REPORT_TIMEOUT_MS = 90_000;

/** A supervisor process started ahead of time, waiting for its input on standard input. */
export interface PendingSupervisor {
  /** Hands over the input and resolves once the bottle is ready (throws the supervisor's error). */
  readonly start: (input: SupervisorInput) => Promise<{ pid: number }>;
  /** Lets the waiting process go: it reads no input and exits without doing anything. */
  readonly abandon: () => Promise<void>;
}

/**
 * Starts `bottle supervise` now, so its start-up overlaps the launcher's own
 * checks; it does nothing until `start` hands it its input.
 */
export function prepareSupervisor(env: (name: string) => string | undefined): PendingSupervisor {
  const self = supervisorCommand();
  const kept: Record<string, string> = {};
  for (const name of KEPT_ENV) {
    const value = env(name);
    if (value !== undefined) kept[name] = value;
  }
  const child = new Deno.Command(self.command, {
    args: [...self.args],
    stdin: "piped",
    stdout: "piped",
    stderr: "null",
    env: kept,
    clearEnv: true,
    detached: true,
  }).spawn();
  const writer = child.stdin.getWriter();
  return {
    start: async (input) => {
      await writer.write(new TextEncoder().encode(JSON.stringify(input)));
      await writer.close();
      return await awaitReport(child);
    },
    abandon: async () => {
      await writer.close().catch(() => {});
      await child.stdout.cancel().catch(() => {});
      await child.status.catch(() => {});
    },
  };
}

async function awaitReport(child: Deno.ChildProcess): Promise<{ pid: number }> {
  const reader = child.stdout.pipeThrough(new TextDecoderStream()).getReader();
  let text = "";
  const timer = setTimeout(() => reader.cancel().catch(() => {}), REPORT_TIMEOUT_MS);
  try {
    while (!text.includes("\n")) {
      const { value, done } = await reader.read();
      if (done) break;
      text += value;
    }
  } finally {
    clearTimeout(timer);
    await reader.cancel().catch(() => {});
    child.unref();
  }
  const report = parseSupervisorReport(text.split("\n")[0] ?? "");
  if (report === undefined) {
    throw new BottleError(
      SUPERVISOR_FAILED,
      ExitCode.engine,
      "the bottle's supervisor stopped without a report",
      { hint: "see supervisor.log in the bottle's state folder, or start it in the foreground" },
    );
  }
  if (!report.ok) {
    throw new BottleError(
      report.code,
      report.exitCode as ExitCode,
      report.message,
      report.hint === undefined ? {} : { hint: report.hint },
    );
  }
  return { pid: report.pid };
}
