/**
 * Turns the legacy builder's output (`Step 3/12 : RUN …`) into short,
 * readable progress with the time each step took. Pure: lines and clock
 * readings in, lines to print out.
 */

/** What one line of `docker build` (legacy builder) output means. */
export type BuildEvent =
  | {
    readonly kind: "step";
    readonly index: number;
    readonly total: number;
    readonly instruction: string;
  }
  | { readonly kind: "cached" }
  | { readonly kind: "built"; readonly id: string }
  | { readonly kind: "tagged"; readonly ref: string }
  | { readonly kind: "noise" }
  | { readonly kind: "output"; readonly text: string };

/** Terminal control sequences (the builder colours a step's standard error red). */
// deno-lint-ignore no-control-regex -- matching the escape character is the point
const ANSI = /\x1b\[[0-9;?]*[A-Za-z]/g;

/** Classifies one line of legacy-builder output (colour codes removed). */
export function parseBuildLine(raw: string): BuildEvent {
  const line = raw.replace(ANSI, "");
  const step = /^Step (\d+)\/(\d+) : (.*)$/.exec(line);
  if (step !== null) {
    return {
      kind: "step",
      index: Number(step[1]),
      total: Number(step[2]),
      instruction: (step[3] ?? "").trim(),
    };
  }
  if (/^ ---> Using cache$/.test(line)) return { kind: "cached" };
  const built = /^Successfully built ([0-9a-f]+)$/.exec(line);
  if (built !== null) return { kind: "built", id: built[1] ?? "" };
  const tagged = /^Successfully tagged (\S+)$/.exec(line);
  if (tagged !== null) return { kind: "tagged", ref: tagged[1] ?? "" };
  if (
    /^ ---> /.test(line) || /^Removing intermediate container /.test(line) ||
    /^Sending build context to Docker daemon/.test(line) || isLegacyBuilderNotice(line)
  ) {
    return { kind: "noise" };
  }
  return { kind: "output", text: line };
}

/** Shortens an instruction to one readable line of at most `width` characters. */
export function shortInstruction(instruction: string, width = 64): string {
  const flat = instruction.replace(/\s+/g, " ").trim();
  return flat.length <= width ? flat : `${flat.slice(0, width - 1).trimEnd()}…`;
}

/** Seconds with one decimal, as printed in progress lines (`41.2s`). */
export function formatSeconds(ms: number): string {
  return `${(Math.max(0, ms) / 1000).toFixed(1)}s`;
}

/** How often a long step reports that it is still running. */
export const HEARTBEAT_MS = 30_000;

/** How many output lines of the running step are kept to explain a failure. */
export const TAIL_LINES = 30;

interface RunningStep {
  readonly index: number;
  readonly total: number;
  readonly instruction: string;
  readonly startedAt: number;
  cached: boolean;
  lastReportAt: number;
}

/**
 * Follows one build: `push` each line with the current time, `tick` now and
 * then, `finish` at the end; each returns the progress lines to print.
 */
export class BuildProgress {
  #step: RunningStep | undefined;
  #tail: string[] = [];

  /** The step being run, as `[3/12] RUN …`, or undefined before the first step. */
  get current(): string | undefined {
    return this.#step === undefined ? undefined : label(this.#step);
  }

  /** The last output lines of the running step (for a failure report). */
  get tail(): readonly string[] {
    return this.#tail;
  }

  /** Feeds one output line read at `now` (ms). */
  push(line: string, now: number): string[] {
    const event = parseBuildLine(line);
    switch (event.kind) {
      case "step": {
        const done = this.#close(now);
        this.#step = { ...event, startedAt: now, cached: false, lastReportAt: now };
        this.#tail = [];
        return done;
      }
      case "cached":
        if (this.#step !== undefined) this.#step.cached = true;
        return [];
      case "output":
        if (event.text.trim() === "") return [];
        this.#tail.push(event.text);
        if (this.#tail.length > TAIL_LINES) this.#tail.shift();
        return [];
      default:
        return [];
    }
  }

  /** Reports a step that has been running for a while, at most every `HEARTBEAT_MS`. */
  tick(now: number): string[] {
    const step = this.#step;
    if (step === undefined || now - step.lastReportAt < HEARTBEAT_MS) return [];
    step.lastReportAt = now;
    return [`${label(step)}  (running, ${formatSeconds(now - step.startedAt)})`];
  }

  /** Closes the last step when the build has ended. */
  finish(now: number): string[] {
    const done = this.#close(now);
    this.#step = undefined;
    return done;
  }

  #close(now: number): string[] {
    const step = this.#step;
    if (step === undefined) return [];
    const took = step.cached ? "cached" : formatSeconds(now - step.startedAt);
    return [`${label(step)}  (${took})`];
  }
}

function label(step: RunningStep): string {
  return `[${step.index}/${step.total}] ${shortInstruction(step.instruction)}`;
}

function isLegacyBuilderNotice(line: string): boolean {
  // docker CLI ≥ 23 warns on every legacy build; bottle chooses that builder on purpose.
  return /^DEPRECATED: The legacy builder is deprecated/.test(line) ||
    /^\s+(BuildKit is currently disabled|environment-variable\.|Install the buildx component)/
      .test(line) ||
    /^\s+https:\/\/docs\.docker\.com\/go\/buildx\/?$/.test(line);
}
