/**
 * The extension's entry point: connects the bottle program, the manifest's
 * language server, the commands, the Bottles view, the status bar and the
 * offer to open a folder in a bottle. What decides lives in the pure modules
 * (`cli/`, `commands/`, `view/`); `vscode/` and this file only wire VS Code.
 */
import * as vscode from "vscode";
import { BottleFailure } from "./cli/bottle_failure.ts";
import { AUDIT_SCHEME, AuditDocuments } from "./vscode/audit_documents.ts";
import { registerBottleCommands } from "./vscode/bottle_commands.ts";
import { BottleProgram } from "./vscode/bottle_program.ts";
import { BottleStore } from "./vscode/bottle_store.ts";
import { BottlesTree } from "./vscode/bottles_tree.ts";
import { BottleTerminals } from "./vscode/bottle_terminals.ts";
import { folderStatusItem } from "./vscode/folder_status_item.ts";
import { ManifestProblems } from "./vscode/manifest_problems.ts";
import { offerOnOpen } from "./vscode/offer_on_open.ts";

let problems: ManifestProblems | undefined;

/** Activates the extension. */
export function activate(context: vscode.ExtensionContext): void {
  const program = new BottleProgram();
  const store = new BottleStore(() => program.cli());
  const terminals = new BottleTerminals(() => program.binary());
  const audit = new AuditDocuments(() => {
    const cli = program.cli();
    return cli instanceof BottleFailure ? undefined : cli;
  });
  problems = new ManifestProblems(program);
  const commands = registerBottleCommands({ program, store, terminals, audit, problems });
  const status = folderStatusItem(store);

  // The Bottles view, refreshed on a timer while it is visible.
  const view = vscode.window.createTreeView("bottle.bottles", {
    treeDataProvider: new BottlesTree(store),
  });
  const pollSeconds = () =>
    vscode.workspace.getConfiguration("bottle").get<number>("refreshSeconds") ?? 5;
  if (view.visible) store.poll(true, pollSeconds());

  const manifests = problems;
  const whenTrusted = () => {
    void manifests.start();
    void offerOnOpen(context, store, commands.openFolder);
    status.update();
  };
  context.subscriptions.push(
    store,
    problems,
    commands,
    status,
    view,
    vscode.workspace.registerTextDocumentContentProvider(AUDIT_SCHEME, audit),
    view.onDidChangeVisibility((event) => store.poll(event.visible, pollSeconds())),
    vscode.window.onDidChangeWindowState((state) => {
      if (state.focused) void store.refresh();
    }),
    vscode.workspace.onDidGrantWorkspaceTrust(whenTrusted),
    vscode.workspace.onDidChangeConfiguration((event) => {
      if (event.affectsConfiguration("bottle.path")) {
        program.settingChanged();
        void manifests.start();
        void store.refresh();
      }
      if (event.affectsConfiguration("bottle.refreshSeconds") && view.visible) {
        store.poll(true, pollSeconds());
      }
    }),
  );
  if (vscode.workspace.isTrusted) whenTrusted();
  else status.update();
}

/** Stops the language server. */
export async function deactivate(): Promise<void> {
  await problems?.stop();
  problems = undefined;
}
