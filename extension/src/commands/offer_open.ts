/**
 * The devcontainer-style launch: when a trusted folder with a
 * `claude-bottle.json` opens, bottle offers once to open it in a bottle. The
 * offer is remembered per folder as soon as it is shown, whatever the answer,
 * so it never nags; "Don't ask again" turns it off everywhere.
 */

/** The buttons of the offer. */
export const OFFER_CHOICES = {
  open: "Open in bottle",
  later: "Not now",
  never: "Don't ask again",
} as const;

/** What decides whether to offer. */
export interface OfferFacts {
  /** The `bottle.offerToOpen` setting. */
  readonly enabled: boolean;
  readonly trusted: boolean;
  readonly hasManifest: boolean;
  /** This folder was offered before. */
  readonly alreadyOffered: boolean;
  /** A bottle already runs this folder. */
  readonly hasBottle: boolean;
}

/** Whether to show the offer. */
export function shouldOfferOpen(facts: OfferFacts): boolean {
  return facts.enabled && facts.trusted && facts.hasManifest &&
    !facts.alreadyOffered &&
    !facts.hasBottle;
}

/** The edges the offer reaches: the question, the memory and the command. */
export interface OfferDeps {
  /** Shows `message` with `choices`; resolves with the chosen one, or undefined when dismissed. */
  readonly ask: (
    message: string,
    choices: readonly string[],
  ) => Promise<string | undefined>;
  /** Records that `folder` was offered. */
  readonly remember: (folder: string) => Promise<void>;
  /** Turns the offer off for every folder. */
  readonly disable: () => Promise<void>;
  /** Runs Open in bottle for `folder`. */
  readonly open: (folder: string) => Promise<void>;
}

/** What became of the offer. */
export type OfferOutcome = "not-offered" | "opened" | "declined" | "disabled";

/** Offers once, if `facts` allow, and acts on the answer. */
export async function offerOpenOnce(
  folder: string,
  facts: OfferFacts,
  deps: OfferDeps,
): Promise<OfferOutcome> {
  if (!shouldOfferOpen(facts)) return "not-offered";
  await deps.remember(folder);
  const choice = await deps.ask(
    "This folder has a claude-bottle.json. Open it in a bottle? The agent then runs sealed, " +
      "with only what the manifest grants.",
    [OFFER_CHOICES.open, OFFER_CHOICES.later, OFFER_CHOICES.never],
  );
  if (choice === OFFER_CHOICES.open) {
    await deps.open(folder);
    return "opened";
  }
  if (choice === OFFER_CHOICES.never) {
    await deps.disable();
    return "disabled";
  }
  return "declined";
}
