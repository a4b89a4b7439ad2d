import { deepStrictEqual, equal, ok } from "node:assert/strict";
import { describe, it } from "mocha";
import { BottleFailure } from "../cli/bottle_failure.ts";
import type { BottleCli, StartRequest } from "../cli/bottle_cli.ts";
import type { Validation } from "../cli/parse_validation.ts";
import { type OpenDeps, openInBottle } from "./open_in_bottle.ts";

const valid = (bottles: string[]): Validation => ({
  manifest: "/p/claude-bottle.json",
  source: "discovered",
  valid: true,
  errors: 0,
  warnings: 0,
  bottles,
  problems: [],
});

interface World {
  readonly log: string[];
  readonly deps: OpenDeps;
}

/** A fake bottle and a fake VS Code that record every step, in order. */
function world(options: {
  validation?: Validation;
  pick?: string | undefined;
  confirm?: boolean;
  trusted?: boolean[];
  failAt?: "validate" | "preflight" | "start";
} = {}): World {
  const log: string[] = [];
  const trusted = [...(options.trusted ?? [true, true])];
  const fail = (at: string) => {
    if (options.failAt === at) {
      throw new BottleFailure(
        "engine.image_missing",
        "no image",
        "build it",
        4,
      );
    }
  };
  const cli: BottleCli = {
    validate: (cwd) => {
      log.push(`validate ${cwd}`);
      fail("validate");
      return Promise.resolve(options.validation ?? valid(["dev"]));
    },
    preflight: (r: StartRequest) => {
      log.push(`preflight ${r.agent} ${r.folder} ${r.name}`);
      fail("preflight");
      return Promise.resolve([
        `bottle ${r.name} (agent "${r.agent}" from x)`,
        "  egress      none",
      ]);
    },
    start: (r: StartRequest, onLine) => {
      log.push(`start ${r.agent} ${r.folder} ${r.name}`);
      fail("start");
      onLine?.("  egress      none");
      onLine?.(`bottle ${r.name} is running`);
      return Promise.resolve(r.name);
    },
    list: () => Promise.resolve([]),
    stop: () => Promise.resolve(),
    init: () => Promise.resolve(""),
    audit: () => Promise.resolve([]),
    buildImage: () => Promise.resolve(),
  };
  return {
    log,
    deps: {
      cli,
      trusted: () => trusted.shift() ?? false,
      random: () => new Uint8Array([0xab, 0xcd]),
      started: (name) => log.push(`started ${name}`),
      ui: {
        pickAgent: (agents) => {
          log.push(`pick ${agents.join(",")}`);
          return Promise.resolve(options.pick);
        },
        confirmPreflight: (name, lines) => {
          log.push(`confirm ${name} ${lines.length} lines`);
          return Promise.resolve(options.confirm ?? true);
        },
        progress: (title, task) => {
          log.push(`progress ${title}`);
          return task((message) => log.push(`report ${message}`));
        },
        openTerminal: (name) => log.push(`terminal ${name}`),
        showFailure: (f) => log.push(`failure ${f.code}: ${f.message} (${f.hint})`),
        showInvalid: (v) => log.push(`invalid ${v.errors}`),
        showUntrusted: () => log.push("untrusted"),
      },
    },
  };
}

describe("openInBottle()", () => {
  it("validates, shows the preflight, starts the confirmed bottle and attaches a terminal", async () => {
    const { log, deps } = world();
    deepStrictEqual(await openInBottle("/p", deps), {
      kind: "started",
      name: "dev-abcd",
    });
    deepStrictEqual(log, [
      "progress bottle: checking the manifest",
      "validate /p",
      "progress bottle: preparing dev-abcd",
      "preflight dev /p dev-abcd",
      "confirm dev-abcd 2 lines",
      "progress bottle: starting dev-abcd",
      "start dev /p dev-abcd",
      "report bottle dev-abcd is running",
      "started dev-abcd",
      "terminal dev-abcd",
    ]);
  });

  it("starts nothing in an untrusted workspace, not even a check", async () => {
    const { log, deps } = world({ trusted: [false] });
    deepStrictEqual(await openInBottle("/p", deps), {
      kind: "refused",
      reason: "untrusted",
    });
    deepStrictEqual(log, ["untrusted"]);
  });

  it("starts nothing when trust is withdrawn while the preflight is shown", async () => {
    const { log, deps } = world({ trusted: [true, false] });
    equal((await openInBottle("/p", deps)).kind, "cancelled");
    ok(!log.some((l) => l.startsWith("start")), log.join("\n"));
  });

  it("starts nothing when the preflight is declined", async () => {
    const { log, deps } = world({ confirm: false });
    deepStrictEqual(await openInBottle("/p", deps), {
      kind: "cancelled",
      at: "preflight",
    });
    ok(
      !log.some((l) => l.startsWith("start") || l.startsWith("terminal")),
      log.join("\n"),
    );
  });

  it("asks which agent when the manifest has several, and stops when none is picked", async () => {
    const picked = world({
      validation: valid(["dev", "review"]),
      pick: "review",
    });
    deepStrictEqual(await openInBottle("/p", picked.deps), {
      kind: "started",
      name: "review-abcd",
    });
    ok(picked.log.includes("pick dev,review"));

    const none = world({
      validation: valid(["dev", "review"]),
      pick: undefined,
    });
    deepStrictEqual(await openInBottle("/p", none.deps), {
      kind: "cancelled",
      at: "agent",
    });
    ok(!none.log.some((l) => l.startsWith("preflight")));
  });

  it("shows the problems of an invalid manifest and starts nothing", async () => {
    const { log, deps } = world({
      validation: { ...valid(["dev"]), valid: false, errors: 2 },
    });
    deepStrictEqual(await openInBottle("/p", deps), {
      kind: "refused",
      reason: "invalid",
    });
    deepStrictEqual(log.slice(-1), ["invalid 2"]);
  });

  for (const at of ["validate", "preflight", "start"] as const) {
    it(`shows bottle's message and hint when ${at} fails, and opens no terminal`, async () => {
      const { log, deps } = world({ failAt: at });
      const outcome = await openInBottle("/p", deps);
      equal(outcome.kind, "failed");
      ok(
        log.includes("failure engine.image_missing: no image (build it)"),
        log.join("\n"),
      );
      ok(!log.some((l) => l.startsWith("terminal")));
    });
  }
});
