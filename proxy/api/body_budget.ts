/**
 * How many request-body bytes one API proxy holds at once, across all its
 * connections: the guard reads each body whole before anything goes
 * upstream, so without a bound a bottle could open many connections and make
 * its supervisor hold gigabytes.
 */

/** A byte budget shared by every connection of one proxy. */
export class BodyBudget {
  readonly #limit: number;
  #held = 0;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** Bytes held now. */
  get held(): number {
    return this.#held;
  }

  /** Takes `bytes` from the budget; false (and nothing taken) when they do not fit. */
  take(bytes: number): boolean {
    if (bytes < 0 || this.#held + bytes > this.#limit) return false;
    this.#held += bytes;
    return true;
  }

  /** Gives back `bytes` taken earlier. */
  give(bytes: number): void {
    this.#held = Math.max(0, this.#held - bytes);
  }
}
