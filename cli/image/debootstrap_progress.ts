/**
 * Condenses debootstrap's hundreds of `I: …` lines into a handful of phases,
 * each printed once it ends with the time it took. Warnings and errors pass
 * through as they come. Pure: lines and clock readings in, lines out.
 */
import { formatSeconds } from "./build_progress.ts";

/** The phases of a debootstrap run, in the order they happen. */
export type DebootstrapPhase =
  | "reading the archive index"
  | "resolving dependencies"
  | "downloading packages"
  | "extracting packages"
  | "unpacking packages"
  | "configuring packages";

const PHASES: ReadonlyArray<readonly [RegExp, DebootstrapPhase]> = [
  [
    /^I: (Target architecture|Retrieving (InRelease|Release|Packages)\b|Validating Packages\b)/,
    "reading the archive index",
  ],
  [/^I: (Checking|Valid) Release signature/, "reading the archive index"],
  [/^I: (Resolving dependencies|Checking component)/, "resolving dependencies"],
  [/^I: (Retrieving|Validating) /, "downloading packages"],
  [/^I: (Chosen extractor|Extracting) /, "extracting packages"],
  [/^I: (Installing core packages|Unpacking )/, "unpacking packages"],
  [/^I: Configuring /, "configuring packages"],
];

/** The phase an `I:` line belongs to, or undefined for any other line. */
export function debootstrapPhase(line: string): DebootstrapPhase | undefined {
  return PHASES.find(([pattern]) => pattern.test(line))?.[1];
}

/** Follows one debootstrap run: `push` each line with the time, `finish` at the end. */
export class DebootstrapProgress {
  #phase:
    | { readonly name: DebootstrapPhase; readonly startedAt: number; count: number }
    | undefined;
  #tail: string[] = [];

  /** The last lines debootstrap printed (for a failure report). */
  get tail(): readonly string[] {
    return this.#tail;
  }

  /** Feeds one output line read at `now` (ms); returns the lines to print. */
  push(line: string, now: number): string[] {
    this.#tail.push(line);
    if (this.#tail.length > 20) this.#tail.shift();
    if (/^[WE]: /.test(line)) return [`  debootstrap ${line}`];
    const phase = debootstrapPhase(line);
    if (phase === undefined) return [];
    if (this.#phase?.name === phase) {
      this.#phase.count++;
      return [];
    }
    const done = this.#close(now);
    this.#phase = { name: phase, startedAt: now, count: 1 };
    return done;
  }

  /** Closes the last phase when debootstrap has exited. */
  finish(now: number): string[] {
    const done = this.#close(now);
    this.#phase = undefined;
    return done;
  }

  #close(now: number): string[] {
    const phase = this.#phase;
    if (phase === undefined) return [];
    return [`  debootstrap: ${phase.name}  (${formatSeconds(now - phase.startedAt)})`];
  }
}
