/** The status-bar item for the current folder's bottle, kept in step with the store. */
import * as vscode from "vscode";
import { folderStatus } from "../view/folder_status.ts";
import type { BottleStore } from "./bottle_store.ts";

/** The folder of the active editor, else the first workspace folder. */
export function currentFolder(): string | undefined {
  const active = vscode.window.activeTextEditor?.document.uri;
  const owner = active === undefined ? undefined : vscode.workspace.getWorkspaceFolder(active);
  return (owner ?? vscode.workspace.workspaceFolders?.[0])?.uri.fsPath;
}

/** Creates the item; returns what to dispose and how to update it. */
export function folderStatusItem(store: BottleStore): vscode.Disposable & { update: () => void } {
  const item = vscode.window.createStatusBarItem(
    "bottle.status",
    vscode.StatusBarAlignment.Left,
    10,
  );
  item.name = "bottle";
  const update = () => {
    const shown = folderStatus(currentFolder(), store.rows, vscode.workspace.isTrusted);
    if (shown === undefined) {
      item.hide();
      return;
    }
    item.text = shown.text;
    item.tooltip = shown.tooltip;
    item.command = { title: "bottle", command: shown.command, arguments: [...shown.args] };
    item.show();
  };
  const listeners = [
    store.onDidChange(update),
    vscode.window.onDidChangeActiveTextEditor(update),
  ];
  return {
    update,
    dispose: () => {
      for (const listener of listeners) listener.dispose();
      item.dispose();
    },
  };
}
