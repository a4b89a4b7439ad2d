/**
 * The bottles as last listed by `bottle ls`, shared by the Bottles view and
 * the status bar. Refreshes on demand and, while the view is visible, on a
 * timer; overlapping refreshes share one run. A failed listing is kept as
 * the store's error (the view shows it) rather than thrown at the user.
 */
import * as vscode from "vscode";
import { asFailure, type BottleFailure } from "../cli/bottle_failure.ts";
import type { BottleCli } from "../cli/bottle_cli.ts";
import type { BottleRow } from "../cli/parse_bottle_list.ts";

/** The listing and its refresh timer. */
export class BottleStore implements vscode.Disposable {
  #rows: readonly BottleRow[] = [];
  #error: BottleFailure | undefined;
  #loaded = false;
  #running: Promise<void> | undefined;
  #timer: ReturnType<typeof setInterval> | undefined;
  readonly #changed = new vscode.EventEmitter<void>();
  readonly #cli: () => BottleCli | BottleFailure;

  /**
   * Fires after a refresh that changed what is shown (not for an age that grew): a redraw
   * replaces the view's items, and a click that lands during one loses its item.
   */
  readonly onDidChange: vscode.Event<void> = this.#changed.event;

  /** `cli` gives the current bottle, or why there is none. */
  constructor(cli: () => BottleCli | BottleFailure) {
    this.#cli = cli;
  }

  /** The bottles of the last successful listing. */
  get rows(): readonly BottleRow[] {
    return this.#rows;
  }

  /** Why the last listing failed, if it did. */
  get error(): BottleFailure | undefined {
    return this.#error;
  }

  /** Whether a listing has completed (successfully or not). */
  get loaded(): boolean {
    return this.#loaded;
  }

  /** Lists the bottles again; resolves when done. */
  refresh(): Promise<void> {
    this.#running ??= this.#list().finally(() => this.#running = undefined);
    return this.#running;
  }

  #shown = "";

  async #list(): Promise<void> {
    const cli = this.#cli();
    try {
      if (!("list" in cli)) throw cli;
      this.#rows = await cli.list();
      this.#error = undefined;
    } catch (error) {
      this.#error = asFailure(error);
    }
    this.#loaded = true;
    const shown = JSON.stringify([
      this.#rows.map(({ age: _age, ...row }) => row),
      this.#error?.message ?? null,
    ]);
    if (shown === this.#shown) return;
    this.#shown = shown;
    this.#changed.fire();
  }

  /** Refreshes every `seconds` while `active`; stops the timer otherwise. */
  poll(active: boolean, seconds: number): void {
    clearInterval(this.#timer);
    this.#timer = undefined;
    if (!active) return;
    void this.refresh();
    this.#timer = setInterval(
      () => void this.refresh(),
      Math.max(1, seconds) * 1000,
    );
  }

  dispose(): void {
    clearInterval(this.#timer);
    this.#changed.dispose();
  }
}
