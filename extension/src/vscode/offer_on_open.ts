/**
 * The devcontainer-style offer in VS Code: for each workspace folder with a
 * claude-bottle.json, offer once (remembered per folder in the global state)
 * to open it in a bottle.
 */
import { statSync } from "node:fs";
import { join } from "node:path";
import * as vscode from "vscode";
import { offerOpenOnce } from "../commands/offer_open.ts";
import { bottlesOfFolder } from "../view/folder_status.ts";
import type { BottleStore } from "./bottle_store.ts";
import { MANIFEST } from "./manifest_problems.ts";

/** The global-state key of the folders already offered. */
export const OFFERED_KEY = "bottle.offeredFolders";

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Offers each folder that qualifies, one after the other. */
export async function offerOnOpen(
  context: vscode.ExtensionContext,
  store: BottleStore,
  open: (folder: string) => Promise<void>,
): Promise<void> {
  await store.refresh();
  const settings = vscode.workspace.getConfiguration("bottle");
  for (const folder of vscode.workspace.workspaceFolders ?? []) {
    const path = folder.uri.fsPath;
    const offered = context.globalState.get<string[]>(OFFERED_KEY, []);
    await offerOpenOnce(path, {
      enabled: settings.get<boolean>("offerToOpen") ?? true,
      trusted: vscode.workspace.isTrusted,
      hasManifest: isFile(join(path, MANIFEST)),
      alreadyOffered: offered.includes(path),
      hasBottle: bottlesOfFolder(path, store.rows).length > 0,
    }, {
      ask: (message, choices) =>
        Promise.resolve(vscode.window.showInformationMessage(message, ...choices)),
      remember: (done) =>
        Promise.resolve(context.globalState.update(OFFERED_KEY, [...offered, done])),
      disable: () =>
        Promise.resolve(settings.update("offerToOpen", false, vscode.ConfigurationTarget.Global)),
      open,
    });
  }
}
