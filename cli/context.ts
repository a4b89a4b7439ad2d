/**
 * What a command may touch of the outside world. `cli/main.ts` fills it from
 * Deno; tests fill it with buffers, so commands never print or exit themselves.
 */

import type { HeadStart } from "./head_start.ts";

/** Where commands write and what they know of the process they run in. */
export interface Context {
  /** Writes to standard output (human output, or the one `--json` line). */
  readonly stdout: (text: string) => void;
  /** Writes to standard error (progress, warnings). */
  readonly stderr: (text: string) => void;
  /** The folder the command was started in. */
  readonly cwd: string;
  /** Reads one host environment variable. */
  readonly env: (name: string) => string | undefined;
  /** Whether standard input and output are a terminal a person answers at. */
  readonly interactive: boolean;
  /** Asks a yes/no question on the terminal; resolves false on anything but yes. */
  readonly confirm: (question: string) => Promise<boolean>;
  /** Reads standard input to its end (the detached supervisor receives its input this way). */
  readonly readStdin: () => Promise<Uint8Array>;
  /** Work `bottle start` may find already under way (see head_start.ts). */
  readonly headStart?: HeadStart;
}

/** What a command hands back: the exit status and the `--json` result. */
export interface Outcome {
  /** Process exit status (see `ExitCode`). */
  readonly exitCode: number;
  /** The machine-readable result, printed as one line under `--json`. */
  readonly result: Readonly<Record<string, unknown>>;
  /** The command already wrote its `--json` output (JSON lines); print no result line. */
  readonly jsonWritten?: boolean;
}

/** Options every command receives from the top-level program. */
export interface GlobalOptions {
  /** Print one JSON result line instead of human output. */
  readonly json: boolean;
  /** Show stack traces for internal errors. */
  readonly debug: boolean;
  /** Manifest path given with `--manifest`. */
  readonly manifest?: string;
}

/** Receives the outcome of the command that ran. */
export type Sink = (outcome: Outcome) => void;
