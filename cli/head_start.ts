/**
 * A head start for `bottle start`: `cli/main.ts` begins the engine's listing
 * of bottles — and, for `--detach`, the background supervisor's own start-up
 * — before the command tree loads, so both run while the launcher's modules
 * are still loading. They are guesses from argv alone: the start command
 * takes them only when its parsed flags agree, and whatever is not taken is
 * released when the command ends (an unused supervisor reads no input and
 * exits without doing anything).
 */
import type { BottleRecord } from "./bottle/bottle_record.ts";
import { listBottles } from "./engine/bottle_containers.ts";
import { type PendingSupervisor, prepareSupervisor } from "./supervisor/spawn_supervisor.ts";

/** What `start` may find already under way. */
export interface HeadStart {
  /** The engine's list of bottles, asked for at once (may reject: the start command explains it). */
  readonly takeListing: () => Promise<BottleRecord[]> | undefined;
  /** The detached supervisor, already starting; undefined once taken or if none was started. */
  readonly takeSupervisor: () => PendingSupervisor | undefined;
  /** Lets go of what was not taken. */
  readonly release: () => Promise<void>;
}

/** Global options that take a value: the word after them is not the command. */
const VALUE_OPTIONS = new Set(["-m", "--manifest"]);

/** What argv says `bottle` is about to do, as far as a head start cares. */
export interface StartIntent {
  readonly detach: boolean;
}

/**
 * Whether `args` run `bottle start` (and with `--detach`) — undefined for
 * anything else, for help and for a dry run, which start nothing.
 */
export function startIntent(args: readonly string[]): StartIntent | undefined {
  let index = 0;
  while (index < args.length && args[index]!.startsWith("-")) {
    index += VALUE_OPTIONS.has(args[index]!) ? 2 : 1;
  }
  if (args[index] !== "start") return undefined;
  const rest = args.slice(index + 1);
  const end = rest.indexOf("--");
  const flags = end === -1 ? rest : rest.slice(0, end);
  if (flags.some((a) => a === "-h" || a === "--help" || a === "--dry-run")) return undefined;
  return { detach: flags.some((a) => a === "--detach" || /^-[a-zA-Z]*d[a-zA-Z]*$/.test(a)) };
}

/** Begins the head start `args` call for, if any. */
export function beginHeadStart(
  args: readonly string[],
  env: (name: string) => string | undefined,
): HeadStart | undefined {
  const intent = startIntent(args);
  if (intent === undefined) return undefined;
  // The supervisor first: its own start-up is the longer of the two.
  let supervisor: PendingSupervisor | undefined;
  if (intent.detach) {
    try {
      supervisor = prepareSupervisor(env);
    } catch {
      // The start command prepares its own and reports why it cannot.
    }
  }
  let listing: Promise<BottleRecord[]> | undefined = listBottles();
  listing.catch(() => {});
  return {
    takeListing: () => {
      const taken = listing;
      listing = undefined;
      return taken;
    },
    takeSupervisor: () => {
      const taken = supervisor;
      supervisor = undefined;
      return taken;
    },
    release: async () => {
      listing = undefined;
      const unused = supervisor;
      supervisor = undefined;
      await unused?.abandon();
    },
  };
}
