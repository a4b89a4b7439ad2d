/**
 * The bottle program as the extension finds it right now (the setting can
 * change at any time): its path, a `BottleCli` on it, and the one
 * notification for a missing program, with a button to the setting.
 */
import { accessSync, constants, statSync } from "node:fs";
import { homedir } from "node:os";
import * as vscode from "vscode";
import { BottleFailure } from "../cli/bottle_failure.ts";
import { type BottleCli, bottleCli } from "../cli/bottle_cli.ts";
import { spawnRunner } from "../cli/run_cli.ts";
import { type BinaryFound, findBottleBinary, missingBinaryMessage } from "../find_bottle_binary.ts";

function isExecutable(path: string): boolean {
  try {
    accessSync(path, constants.X_OK);
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** Opens the settings at `bottle.path`. */
export function openPathSetting(): void {
  void vscode.commands.executeCommand("workbench.action.openSettings", "bottle.path");
}

/** Finds the program on every use and tells the user when it is missing. */
export class BottleProgram {
  #missingShown = false;

  /** Where the program is, per the setting and PATH. */
  lookUp(): BinaryFound {
    return findBottleBinary({
      setting: vscode.workspace.getConfiguration("bottle").get<string>("path") ?? "",
      pathEnv: process.env.PATH,
      home: homedir(),
      isExecutable,
    });
  }

  /** The program's path, or undefined. */
  binary(): string | undefined {
    const found = this.lookUp();
    return found.found ? found.path : undefined;
  }

  /** The commands, or why there are none. */
  cli(): BottleCli | BottleFailure {
    const found = this.lookUp();
    if (!found.found) {
      return new BottleFailure(
        "extension.binary_missing",
        missingBinaryMessage(found),
        undefined,
        -1,
      );
    }
    return bottleCli(spawnRunner(found.path, process.env));
  }

  /** The commands, or undefined after telling the user (once per session unless `always`). */
  require(always = true): BottleCli | undefined {
    const cli = this.cli();
    if (!(cli instanceof BottleFailure)) return cli;
    if (always || !this.#missingShown) {
      this.#missingShown = true;
      void vscode.window.showErrorMessage(cli.message, "Open settings").then((choice) => {
        if (choice !== undefined) openPathSetting();
      });
    }
    return undefined;
  }

  /** Forgets that the user was told (the setting changed). */
  settingChanged(): void {
    this.#missingShown = false;
  }
}
