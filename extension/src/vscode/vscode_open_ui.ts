/** `OpenUi` in VS Code: a quick pick, a modal preflight, progress notifications, a terminal. */
import * as vscode from "vscode";
import { type BottleFailure, failureText } from "../cli/bottle_failure.ts";
import type { Validation } from "../cli/parse_validation.ts";
import type { OpenUi } from "../commands/open_in_bottle.ts";

/** What the UI needs from the rest of the extension. */
export interface OpenUiDeps {
  /** Opens a terminal on bottle `name`. */
  readonly attach: (name: string) => void;
  /** Shows a failure with the actions that help with it. */
  readonly showFailure: (failure: BottleFailure) => void;
  /** Puts the problems of an invalid manifest where the user sees them. */
  readonly showProblems: (validation: Validation) => void;
}

/** The title of the preflight dialog's start button. */
export const START_BUTTON = "Start";

/** Builds the UI. */
export function vscodeOpenUi(deps: OpenUiDeps): OpenUi {
  return {
    pickAgent: async (agents) => {
      const items = agents.map((agent, index) => ({
        label: agent,
        description: index === 0 ? "default" : "",
      }));
      const picked = await vscode.window.showQuickPick(items, {
        title: "Open in bottle",
        placeHolder: "Which bottle of claude-bottle.json?",
      });
      return picked?.label;
    },
    confirmPreflight: async (name, lines) => {
      const answer = await vscode.window.showInformationMessage(
        `Start bottle ${name}?`,
        {
          modal: true,
          detail: `${lines.join("\n")}\n\nThe agent sees only this. Start it?`,
        },
        START_BUTTON,
      );
      return answer === START_BUTTON;
    },
    progress: (title, task) =>
      Promise.resolve(vscode.window.withProgress(
        {
          location: vscode.ProgressLocation.Notification,
          title,
          cancellable: false,
        },
        (progress) => task((message) => progress.report({ message })),
      )),
    openTerminal: (name) => deps.attach(name),
    showFailure: (failure) => deps.showFailure(failure),
    showInvalid: (validation) => deps.showProblems(validation),
    showUntrusted: () => {
      void vscode.window.showWarningMessage(
        "bottle starts nothing in an untrusted workspace. Trust this folder to open it in a bottle.",
        "Manage Workspace Trust",
      ).then((choice) => {
        if (choice !== undefined) {
          void vscode.commands.executeCommand("workbench.trust.manage");
        }
      });
    },
  };
}

/** A failure as an error notification (kept here so every command words them alike). */
export function failureMessage(failure: BottleFailure): string {
  return `bottle: ${failureText(failure)}`;
}
