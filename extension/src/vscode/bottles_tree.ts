/** The Bottles view: the store's bottles as tree items, or the listing's error. */
import { homedir } from "node:os";
import * as vscode from "vscode";
import { failureText } from "../cli/bottle_failure.ts";
import { bottleItems } from "../view/bottle_items.ts";
import type { BottleStore } from "./bottle_store.ts";

/** A bottle in the view; commands receive it as their argument. */
export class BottleTreeItem extends vscode.TreeItem {
  /** The bottle's name. */
  readonly bottleName: string;

  constructor(name: string) {
    super(name, vscode.TreeItemCollapsibleState.None);
    this.bottleName = name;
  }
}

/** Feeds the tree from the store. */
export class BottlesTree implements vscode.TreeDataProvider<vscode.TreeItem> {
  readonly #store: BottleStore;
  readonly onDidChangeTreeData: vscode.Event<void>;

  constructor(store: BottleStore) {
    this.#store = store;
    this.onDidChangeTreeData = store.onDidChange;
  }

  getTreeItem(element: vscode.TreeItem): vscode.TreeItem {
    return element;
  }

  async getChildren(element?: vscode.TreeItem): Promise<vscode.TreeItem[]> {
    if (element !== undefined) return [];
    if (!this.#store.loaded) await this.#store.refresh();
    const error = this.#store.error;
    if (error !== undefined) {
      const item = new vscode.TreeItem(
        "bottle ls failed",
        vscode.TreeItemCollapsibleState.None,
      );
      item.description = failureText(error);
      item.tooltip = failureText(error);
      item.iconPath = new vscode.ThemeIcon(
        "error",
        new vscode.ThemeColor("errorForeground"),
      );
      item.contextValue = "bottle-error";
      return [item];
    }
    return bottleItems(this.#store.rows, homedir()).map((spec) => {
      const item = new BottleTreeItem(spec.name);
      item.id = spec.name;
      item.description = spec.description;
      item.tooltip = spec.tooltip;
      item.contextValue = spec.contextValue;
      item.iconPath = new vscode.ThemeIcon(
        spec.icon.id,
        spec.icon.color === undefined ? undefined : new vscode.ThemeColor(spec.icon.color),
      );
      return item;
    });
  }
}
