import { deepStrictEqual, equal } from "node:assert/strict";
import { describe, it } from "mocha";
import { OFFER_CHOICES, type OfferFacts, offerOpenOnce, shouldOfferOpen } from "./offer_open.ts";

const facts = (over: Partial<OfferFacts> = {}): OfferFacts => ({
  enabled: true,
  trusted: true,
  hasManifest: true,
  alreadyOffered: false,
  hasBottle: false,
  ...over,
});

/** Offer edges that answer `choice` and record what happened. */
function fakeDeps(choice: string | undefined) {
  const log: string[] = [];
  return {
    log,
    deps: {
      ask: (_message: string, choices: readonly string[]) => {
        log.push(`ask ${choices.join("|")}`);
        return Promise.resolve(choice);
      },
      remember: (folder: string) => {
        log.push(`remember ${folder}`);
        return Promise.resolve();
      },
      disable: () => {
        log.push("disable");
        return Promise.resolve();
      },
      open: (folder: string) => {
        log.push(`open ${folder}`);
        return Promise.resolve();
      },
    },
  };
}

describe("shouldOfferOpen()", () => {
  it("offers for a trusted folder with a manifest, not yet offered, without a bottle", () => {
    equal(shouldOfferOpen(facts()), true);
  });

  it("never offers when any condition fails", () => {
    for (
      const over of [
        { enabled: false },
        { trusted: false },
        { hasManifest: false },
        { alreadyOffered: true },
        { hasBottle: true },
      ]
    ) {
      equal(shouldOfferOpen(facts(over)), false, JSON.stringify(over));
    }
  });
});

describe("offerOpenOnce()", () => {
  it("remembers the folder before asking, and opens on yes", async () => {
    const { log, deps } = fakeDeps(OFFER_CHOICES.open);
    equal(await offerOpenOnce("/p", facts(), deps), "opened");
    deepStrictEqual(log, [
      "remember /p",
      "ask Open in bottle|Not now|Don't ask again",
      "open /p",
    ]);
  });

  it("is remembered when dismissed, and opens nothing", async () => {
    const { log, deps } = fakeDeps(undefined);
    equal(await offerOpenOnce("/p", facts(), deps), "declined");
    deepStrictEqual(log.filter((l) => l.startsWith("open")), []);
    equal(log[0], "remember /p");
  });

  it("turns offers off on Don't ask again", async () => {
    const { log, deps } = fakeDeps(OFFER_CHOICES.never);
    equal(await offerOpenOnce("/p", facts(), deps), "disabled");
    equal(log.at(-1), "disable");
  });

  it("does nothing at all in an untrusted workspace", async () => {
    const { log, deps } = fakeDeps(OFFER_CHOICES.open);
    equal(
      await offerOpenOnce("/p", facts({ trusted: false }), deps),
      "not-offered",
    );
    deepStrictEqual(log, []);
  });
});
