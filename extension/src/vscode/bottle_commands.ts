/**
 * The extension's commands in VS Code: Open in bottle, Attach, Stop, Show
 * audit log, Validate manifest, New manifest, Refresh. Each picks its target
 * (the view item, the explorer folder, or asks), runs bottle, and reports
 * bottle's errors with their hints and the action that helps.
 */
import { statSync } from "node:fs";
import { basename, dirname, join } from "node:path";
import * as vscode from "vscode";
import { asFailure, type BottleFailure } from "../cli/bottle_failure.ts";
import type { BottleRow } from "../cli/parse_bottle_list.ts";
import { type Validation, validationSummary } from "../cli/parse_validation.ts";
import { openInBottle } from "../commands/open_in_bottle.ts";
import type { AuditDocuments } from "./audit_documents.ts";
import { type BottleProgram, openPathSetting } from "./bottle_program.ts";
import type { BottleStore } from "./bottle_store.ts";
import type { BottleTerminals } from "./bottle_terminals.ts";
import { BottleTreeItem } from "./bottles_tree.ts";
import { isManifest, MANIFEST, type ManifestProblems } from "./manifest_problems.ts";
import { failureMessage, vscodeOpenUi } from "./vscode_open_ui.ts";

/** What the commands work with. */
export interface CommandDeps {
  readonly program: BottleProgram;
  readonly store: BottleStore;
  readonly terminals: BottleTerminals;
  readonly audit: AuditDocuments;
  readonly problems: ManifestProblems;
}

/** The registered commands, and Open in bottle for the offer to call. */
export interface BottleCommands extends vscode.Disposable {
  readonly openFolder: (folder: string) => Promise<void>;
}

/** A command's argument as a bottle name: a view item, a name, or nothing. */
function nameOf(arg: unknown): string | undefined {
  if (arg instanceof BottleTreeItem) return arg.bottleName;
  if (typeof arg === "string" && arg !== "") return arg;
  return undefined;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function showProblemsView(): void {
  void vscode.commands.executeCommand("workbench.actions.view.problems");
}

/** The folder a command is about: the explorer's, the active file's, the only one, or asked. */
async function pickFolder(arg: unknown): Promise<string | undefined> {
  if (arg instanceof vscode.Uri && arg.scheme === "file") {
    return isDirectory(arg.fsPath) ? arg.fsPath : dirname(arg.fsPath);
  }
  const folders = vscode.workspace.workspaceFolders ?? [];
  const active = vscode.window.activeTextEditor?.document.uri;
  const owner = active === undefined ? undefined : vscode.workspace.getWorkspaceFolder(active);
  if (owner !== undefined) return owner.uri.fsPath;
  if (folders.length === 1) return folders[0]?.uri.fsPath;
  if (folders.length === 0) {
    void vscode.window.showWarningMessage("bottle: open a folder first.");
    return undefined;
  }
  return (await vscode.window.showWorkspaceFolderPick({ placeHolder: "Which folder?" }))?.uri
    .fsPath;
}

/** Registers every command. */
export function registerBottleCommands(deps: CommandDeps): BottleCommands {
  const { program, store, terminals, audit, problems } = deps;

  const showFailure = (failure: BottleFailure): void => {
    const actions: string[] = [];
    if (failure.code === "engine.image_missing") actions.push("Build image");
    if (failure.code === "extension.cannot_run" || failure.code === "extension.binary_missing") {
      actions.push("Open settings");
    }
    if (failure.code.startsWith("manifest.")) actions.push("Show problems");
    void vscode.window.showErrorMessage(failureMessage(failure), ...actions).then((choice) => {
      if (choice === "Build image") void buildImage();
      if (choice === "Open settings") openPathSetting();
      if (choice === "Show problems") showProblemsView();
    });
  };

  const showInvalid = (validation: Validation): void => {
    problems.publish(validation);
    const summary = validationSummary(validation, validation.manifest ?? MANIFEST);
    void vscode.window.showErrorMessage(
      `bottle: ${summary}. Fix it before starting a bottle.`,
      "Show problems",
    ).then((choice) => {
      if (choice !== undefined) showProblemsView();
    });
  };

  const ui = vscodeOpenUi({
    attach: (name) => {
      if (!terminals.attach(name)) program.require();
    },
    showFailure,
    showProblems: showInvalid,
  });

  // The first start needs the agent image: building it is offered when it is missing.
  const buildImage = async (): Promise<void> => {
    const cli = program.require();
    if (cli === undefined || !vscode.workspace.isTrusted) return;
    try {
      await ui.progress(
        "bottle: building the agent image (first time only)",
        (report) => cli.buildImage(report),
      );
      const again = await vscode.window.showInformationMessage(
        "bottle: the agent image is built.",
        "Open in bottle",
      );
      if (again !== undefined) await vscode.commands.executeCommand("bottle.openInBottle");
    } catch (error) {
      showFailure(asFailure(error));
    }
  };

  const pickBottle = async (
    arg: unknown,
    title: string,
    keep: (row: BottleRow) => boolean,
  ): Promise<string | undefined> => {
    const named = nameOf(arg);
    if (named !== undefined) return named;
    await store.refresh();
    if (store.error !== undefined) {
      showFailure(store.error);
      return undefined;
    }
    const rows = store.rows.filter(keep);
    if (rows.length === 0) {
      void vscode.window.showInformationMessage(`bottle: no bottle to ${title.toLowerCase()}.`);
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      rows.map((row) => ({
        label: row.name,
        description: `${row.state} · ${row.agent} · ${row.workspace}`,
      })),
      { title: `Bottle: ${title}`, placeHolder: "Which bottle?" },
    );
    return picked?.label;
  };

  const openFolder = async (folder: string): Promise<void> => {
    const cli = program.require();
    if (cli === undefined) return;
    await openInBottle(folder, {
      cli,
      ui,
      trusted: () => vscode.workspace.isTrusted,
      random: () => crypto.getRandomValues(new Uint8Array(2)),
      started: () => void store.refresh(),
    });
  };

  const open = async (arg: unknown): Promise<void> => {
    if (!vscode.workspace.isTrusted) {
      ui.showUntrusted();
      return;
    }
    const folder = await pickFolder(arg);
    if (folder !== undefined) await openFolder(folder);
  };

  const validate = async (arg: unknown): Promise<void> => {
    const cli = program.require();
    if (cli === undefined) return;
    const active = vscode.window.activeTextEditor?.document;
    const file = arg instanceof vscode.Uri && basename(arg.fsPath) === MANIFEST
      ? arg.fsPath
      : active !== undefined && isManifest(active)
      ? active.uri.fsPath
      : undefined;
    const folder = file === undefined ? await pickFolder(arg) : dirname(file);
    if (folder === undefined) return;
    try {
      // bottle reads the file from disk: what is on screen is what gets checked.
      if (file !== undefined) {
        await vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file)?.save();
      }
      const validation = await cli.validate(folder, file);
      if (!validation.valid) {
        showInvalid(validation);
        return;
      }
      problems.publish(validation);
      const source = validation.source === "builtin"
        ? "no claude-bottle.json here; the built-in default"
        : validation.manifest ?? MANIFEST;
      void vscode.window.showInformationMessage(`bottle: ${validationSummary(validation, source)}`);
    } catch (error) {
      showFailure(asFailure(error));
    }
  };

  const newManifest = async (arg: unknown): Promise<void> => {
    if (!vscode.workspace.isTrusted) {
      ui.showUntrusted();
      return;
    }
    const cli = program.require();
    const folder = cli === undefined ? undefined : await pickFolder(arg);
    if (cli === undefined || folder === undefined) return;
    try {
      await vscode.window.showTextDocument(vscode.Uri.file(await cli.init(folder)));
    } catch (error) {
      const failure = asFailure(error);
      if (failure.code !== "manifest.exists") {
        showFailure(failure);
        return;
      }
      const choice = await vscode.window.showWarningMessage(failureMessage(failure), "Open it");
      if (choice !== undefined) {
        await vscode.window.showTextDocument(vscode.Uri.file(join(folder, MANIFEST)));
      }
    }
  };

  const stop = async (arg: unknown): Promise<void> => {
    const name = await pickBottle(arg, "Stop", () => true);
    if (name === undefined) return;
    const answer = await vscode.window.showWarningMessage(
      `Stop bottle ${name}?`,
      { modal: true, detail: "Its container and agent session end. The audit log stays." },
      "Stop",
    );
    const cli = answer === "Stop" ? program.require() : undefined;
    if (cli === undefined) return;
    try {
      await ui.progress(`bottle: stopping ${name}`, () => cli.stop(name));
      terminals.close(name);
    } catch (error) {
      showFailure(asFailure(error));
    }
    await store.refresh();
  };

  const attach = async (arg: unknown): Promise<void> => {
    const attachable = (row: BottleRow) => row.state === "running" && row.mode !== "print";
    const name = await pickBottle(arg, "Attach", attachable);
    if (name !== undefined && !terminals.attach(name)) program.require();
  };

  const showAudit = async (arg: unknown): Promise<void> => {
    const name = await pickBottle(arg, "Show audit log", () => true);
    if (name !== undefined) await audit.show(name);
  };

  const registered = [
    vscode.commands.registerCommand("bottle.openInBottle", open),
    vscode.commands.registerCommand("bottle.attach", attach),
    vscode.commands.registerCommand("bottle.stop", stop),
    vscode.commands.registerCommand("bottle.showAuditLog", showAudit),
    vscode.commands.registerCommand("bottle.validateManifest", validate),
    vscode.commands.registerCommand("bottle.newManifest", newManifest),
    vscode.commands.registerCommand("bottle.refresh", () => store.refresh()),
  ];
  return {
    openFolder,
    dispose: () => {
      for (const command of registered) command.dispose();
    },
  };
}
