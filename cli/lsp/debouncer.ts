/**
 * Runs the latest task per key once typing pauses: each edit restarts that
 * document's timer, so a burst of keystrokes costs one check, not one each.
 */

/** Per-key trailing-edge debounce. */
export class Debouncer {
  readonly #delayMs: number;
  readonly #timers = new Map<string, ReturnType<typeof setTimeout>>();

  constructor(delayMs: number) {
    this.#delayMs = delayMs;
  }

  /** Runs `task` after the delay, replacing any task still waiting under `key`. */
  schedule(key: string, task: () => void): void {
    this.cancel(key);
    this.#timers.set(
      key,
      setTimeout(() => {
        this.#timers.delete(key);
        task();
      }, this.#delayMs),
    );
  }

  /** Drops the task waiting under `key`, if any. */
  cancel(key: string): void {
    const timer = this.#timers.get(key);
    if (timer !== undefined) clearTimeout(timer);
    this.#timers.delete(key);
  }

  /** Drops every waiting task (shutdown). */
  cancelAll(): void {
    for (const key of [...this.#timers.keys()]) this.cancel(key);
  }

  /** How many tasks are waiting. */
  get pending(): number {
    return this.#timers.size;
  }
}
