/**
 * Leaf certificates by host name, made once and kept while they are fresh:
 * a bounded cache that forgets the least recently used name when full, makes
 * a leaf again once it is near its end, and shares one making between
 * handshakes that ask for the same name at once. A making that fails is not
 * kept. Generic over what is kept (the proxy keeps a certificate and its key);
 * the clock is a parameter, so it is tested without waiting.
 */

/** How the cache makes, ages and bounds its entries. */
export interface LeafCacheOptions<T> {
  /** Names kept at most; the least recently used goes first. */
  readonly capacity: number;
  /** Makes the entry for `name` at time `now` (ms since the epoch). */
  readonly make: (name: string, now: number) => Promise<T>;
  /** When an entry stops being valid (ms since the epoch). */
  readonly expiresAt: (value: T) => number;
  /** An entry with less than this left is made again. */
  readonly renewBeforeMs: number;
  /** The clock; default `Date.now`. */
  readonly now?: () => number;
}

/** Default number of leaves kept. */
export const DEFAULT_LEAF_CAPACITY = 256;

/** Default margin: a leaf with less than an hour left is made again. */
export const DEFAULT_RENEW_BEFORE_MS = 3_600_000;

interface Entry<T> {
  readonly made: Promise<T>;
  /** Set once `made` resolved. */
  expiresAt?: number;
}

/** A bounded, expiring cache of leaves; see the module comment. */
export class LeafCache<T> {
  readonly #options: LeafCacheOptions<T>;
  readonly #now: () => number;
  /** Insertion order is recency order: the first key is the least recently used. */
  readonly #entries = new Map<string, Entry<T>>();

  constructor(options: LeafCacheOptions<T>) {
    if (!(options.capacity >= 1)) throw new RangeError("a leaf cache holds at least one leaf");
    this.#options = options;
    this.#now = options.now ?? Date.now;
  }

  /** Names kept right now (made or being made). */
  get size(): number {
    return this.#entries.size;
  }

  /** The entry for `name`: the kept one while fresh, else a new one. */
  get(name: string): Promise<T> {
    const now = this.#now();
    const kept = this.#entries.get(name);
    this.#entries.delete(name);
    if (kept !== undefined && this.#fresh(kept, now)) {
      this.#entries.set(name, kept);
      return kept.made;
    }
    const entry: Entry<T> = { made: this.#options.make(name, now) };
    this.#entries.set(name, entry);
    entry.made.then(
      (value) => entry.expiresAt = this.#options.expiresAt(value),
      () => {
        if (this.#entries.get(name) === entry) this.#entries.delete(name);
      },
    );
    while (this.#entries.size > this.#options.capacity) {
      const oldest = this.#entries.keys().next().value!;
      this.#entries.delete(oldest);
    }
    return entry.made;
  }

  /** Being made (shared), or made and with more than the margin left. */
  #fresh(entry: Entry<T>, now: number): boolean {
    return entry.expiresAt === undefined || entry.expiresAt - now > this.#options.renewBeforeMs;
  }
}
