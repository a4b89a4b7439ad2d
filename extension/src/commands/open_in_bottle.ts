/**
 * Bottle: Open in bottle. For a workspace folder: check the manifest, pick
 * the agent (the only one, or ask), show bottle's own preflight and ask to
 * confirm, start the bottle detached with progress, then attach a terminal.
 * Nothing starts in an untrusted workspace, and nothing starts unconfirmed.
 * VS Code is reached only through `OpenUi`, so the whole flow is unit-tested.
 */
import { asFailure, type BottleFailure } from "../cli/bottle_failure.ts";
import type { BottleCli } from "../cli/bottle_cli.ts";
import { newBottleName } from "../cli/new_bottle_name.ts";
import type { Validation } from "../cli/parse_validation.ts";

/** The user-facing steps the flow needs. */
export interface OpenUi {
  /** Asks which agent (bottle of the manifest) to start; the first is the default. */
  readonly pickAgent: (
    agents: readonly string[],
  ) => Promise<string | undefined>;
  /** Shows the preflight and asks to start; true only on an explicit yes. */
  readonly confirmPreflight: (
    name: string,
    lines: readonly string[],
  ) => Promise<boolean>;
  /** Runs `task` under a progress notification titled `title`. */
  readonly progress: <T>(
    title: string,
    task: (report: (message: string) => void) => Promise<T>,
  ) => Promise<T>;
  /** Opens a terminal attached to bottle `name` in the terminal panel. */
  readonly openTerminal: (name: string) => void;
  /** Shows bottle's error with its hint (and an action where one helps). */
  readonly showFailure: (failure: BottleFailure) => void;
  /** Tells that the manifest has errors, with a way to see them. */
  readonly showInvalid: (validation: Validation) => void;
  /** Tells that nothing starts in an untrusted workspace. */
  readonly showUntrusted: () => void;
}

/** Everything the flow uses. */
export interface OpenDeps {
  readonly cli: BottleCli;
  readonly ui: OpenUi;
  /** Whether the workspace is trusted, asked at the moment of opening. */
  readonly trusted: () => boolean;
  /** Random bytes for the bottle's name. */
  readonly random: () => Uint8Array;
  /** Called once a bottle started, so views refresh. */
  readonly started: (name: string) => void;
}

/** How the flow ended. */
export type OpenOutcome =
  | { readonly kind: "started"; readonly name: string }
  | { readonly kind: "cancelled"; readonly at: "agent" | "preflight" }
  | {
    readonly kind: "refused";
    readonly reason: "untrusted" | "invalid" | "no-agent";
  }
  | { readonly kind: "failed"; readonly failure: BottleFailure };

/** Opens `folder` in a bottle. */
export async function openInBottle(
  folder: string,
  deps: OpenDeps,
): Promise<OpenOutcome> {
  const { cli, ui } = deps;
  if (!deps.trusted()) {
    ui.showUntrusted();
    return { kind: "refused", reason: "untrusted" };
  }
  try {
    const validation = await ui.progress(
      "bottle: checking the manifest",
      () => cli.validate(folder),
    );
    if (!validation.valid) {
      ui.showInvalid(validation);
      return { kind: "refused", reason: "invalid" };
    }
    const agents = validation.bottles;
    const agent = agents.length === 1
      ? agents[0]
      : agents.length === 0
      ? undefined
      : await ui.pickAgent(agents);
    if (agents.length === 0) return { kind: "refused", reason: "no-agent" };
    if (agent === undefined) return { kind: "cancelled", at: "agent" };

    const request = {
      agent,
      folder,
      name: newBottleName(agent, deps.random()),
    };
    const preflight = await ui.progress(
      `bottle: preparing ${request.name}`,
      () => cli.preflight(request),
    );
    // Trust is asked again: it can be withdrawn while the preflight was open.
    if (
      !(await ui.confirmPreflight(request.name, preflight)) || !deps.trusted()
    ) {
      return { kind: "cancelled", at: "preflight" };
    }
    const shown = new Set(preflight);
    const name = await ui.progress(
      `bottle: starting ${request.name}`,
      (report) =>
        cli.start(request, (line) => {
          if (line.trim() !== "" && !shown.has(line)) report(line);
        }),
    );
    deps.started(name);
    ui.openTerminal(name);
    return { kind: "started", name };
  } catch (error) {
    const failure = asFailure(error);
    ui.showFailure(failure);
    return { kind: "failed", failure };
  }
}
