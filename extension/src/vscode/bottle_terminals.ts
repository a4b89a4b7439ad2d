/**
 * Terminals attached to bottles: `bottle attach NAME` in the terminal panel,
 * one per bottle, reused while it runs. Closing one leaves the agent running.
 */
import * as vscode from "vscode";

/** The title of bottle `name`'s terminal. */
export function terminalName(name: string): string {
  return `bottle: ${name}`;
}

/** Opens and finds the bottles' terminals. */
export class BottleTerminals {
  readonly #binary: () => string | undefined;

  /** `binary` gives the bottle program's path when there is one. */
  constructor(binary: () => string | undefined) {
    this.#binary = binary;
  }

  /** The open, still running terminal of bottle `name`. */
  find(name: string): vscode.Terminal | undefined {
    return vscode.window.terminals.find((t) =>
      t.name === terminalName(name) && t.exitStatus === undefined
    );
  }

  /** Shows bottle `name`'s terminal, opening one if needed; false when there is no program. */
  attach(name: string): boolean {
    const existing = this.find(name);
    if (existing !== undefined) {
      existing.show(false);
      return true;
    }
    const binary = this.#binary();
    if (binary === undefined) return false;
    const terminal = vscode.window.createTerminal({
      name: terminalName(name),
      shellPath: binary,
      shellArgs: ["attach", name],
      location: vscode.TerminalLocation.Panel,
      iconPath: new vscode.ThemeIcon("package"),
    });
    terminal.show(false);
    return true;
  }

  /** Closes bottle `name`'s terminals (after it stopped). */
  close(name: string): void {
    for (const terminal of vscode.window.terminals) {
      if (terminal.name === terminalName(name)) terminal.dispose();
    }
  }
}
