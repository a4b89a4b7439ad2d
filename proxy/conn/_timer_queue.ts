/**
 * One native timer for every {@link Deadline}: deadlines wait in a binary heap
 * ordered by due time, and a single `setTimeout` is armed for the earliest.
 * A connection holds several deadlines (its head, its dial, its tunnel's idle
 * and lifetime limits) that are almost always cleared before they pass; with
 * a native timer each, arming and clearing them cost more CPU than the
 * proxy's checks. Here an entry is one small object: cancelling marks it
 * dead, and dead entries are dropped when they reach the top or when they
 * outnumber the live ones. When no live entry is left the native timer stays
 * armed but unreferenced — it no longer keeps the process (or a finished
 * test) alive, and the next connection's deadlines reuse it instead of
 * arming another; it is referenced again as soon as an entry is live.
 *
 * Private to `proxy/conn/`: use `Deadline`.
 */

/** One scheduled callback; `cancel` it to drop it. */
export class TimerEntry {
  /** When it fires, in `performance.now()` milliseconds. */
  readonly due: number;
  /** Dropped once it fired or was cancelled: a dead entry waiting in the heap holds nothing. */
  #fire: (() => void) | undefined;
  /** Waiting in the heap; taken out to run; or done (fired or cancelled). */
  #state: "waiting" | "taken" | "done" = "waiting";

  constructor(due: number, fire: () => void) {
    this.due = due;
    this.#fire = fire;
  }

  /** Whether it still waits in the heap. */
  get waiting(): boolean {
    return this.#state === "waiting";
  }

  /** Drops it: it never fires. Safe to call twice, or after it fired. */
  cancel(): void {
    const state = this.#state;
    this.#state = "done";
    this.#fire = undefined;
    if (state === "waiting") queue.dropped();
  }

  /** Marks it taken out of the heap to run. */
  take(): void {
    this.#state = "taken";
  }

  /** Runs the callback, unless it was cancelled since it was taken out. */
  run(): void {
    const fire = this.#fire;
    if (this.#state !== "taken" || fire === undefined) return;
    this.#state = "done";
    this.#fire = undefined;
    fire();
  }
}

/** Dead entries kept before the heap is compacted (and more than half the heap). */
const COMPACT_AFTER = 64;

class TimerQueue {
  readonly #heap: TimerEntry[] = [];
  #live = 0;
  #dead = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;
  #armedFor = Infinity;
  /** Whether the armed timer was unreferenced because no entry was live. */
  #unreferenced = false;

  /** Schedules `fire` `ms` from now. */
  schedule(ms: number, fire: () => void): TimerEntry {
    const entry = new TimerEntry(performance.now() + ms, fire);
    this.#push(entry);
    this.#live++;
    if (entry.due < this.#armedFor) this.#arm(entry.due);
    else if (this.#unreferenced) this.#reference(true);
    return entry;
  }

  /** Called by an entry that was cancelled while still in the heap. */
  dropped(): void {
    this.#live--;
    this.#dead++;
    if (this.#live === 0) {
      // Nothing is waiting: drop the dead entries, and let the native timer stop
      // keeping the process alive (it fires once more, finding nothing to do).
      this.#heap.length = 0;
      this.#dead = 0;
      this.#reference(false);
    } else if (this.#dead > COMPACT_AFTER && this.#dead * 2 > this.#heap.length) {
      this.#compact();
    }
  }

  readonly #onTimer = () => {
    this.#timer = undefined;
    this.#armedFor = Infinity;
    this.#unreferenced = false;
    const now = performance.now();
    const due: TimerEntry[] = [];
    for (let top = this.#heap[0]; top !== undefined && top.due <= now; top = this.#heap[0]) {
      this.#pop();
      if (top.waiting) {
        this.#live--;
        top.take();
        due.push(top);
      } else {
        this.#dead--;
      }
    }
    this.#armNext();
    for (const entry of due) {
      try {
        entry.run();
      } catch (error) {
        // As a throwing setTimeout callback would: an uncaught error, after the queue is in order.
        queueMicrotask(() => {
          throw error;
        });
      }
    }
  };

  /** Arms the native timer for the earliest live entry, dropping dead ones on top. */
  #armNext(): void {
    for (let top = this.#heap[0]; top !== undefined && !top.waiting; top = this.#heap[0]) {
      this.#pop();
      this.#dead--;
    }
    const top = this.#heap[0];
    if (top !== undefined) this.#arm(top.due);
  }

  #arm(due: number): void {
    this.#disarm();
    this.#armedFor = due;
    this.#timer = setTimeout(this.#onTimer, Math.max(0, Math.ceil(due - performance.now())));
  }

  #disarm(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#armedFor = Infinity;
    this.#unreferenced = false;
  }

  /** Lets the armed timer keep the process alive, or stop doing so. */
  #reference(keepAlive: boolean): void {
    if (this.#timer === undefined || this.#unreferenced === !keepAlive) return;
    const timer = this.#timer as unknown as number;
    if (keepAlive) Deno.refTimer(timer);
    else Deno.unrefTimer(timer);
    this.#unreferenced = !keepAlive;
  }

  #compact(): void {
    const live = this.#heap.filter((entry) => entry.waiting);
    this.#heap.length = 0;
    this.#dead = 0;
    for (const entry of live) this.#push(entry);
  }

  #push(entry: TimerEntry): void {
    const heap = this.#heap;
    let i = heap.length;
    heap.push(entry);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (heap[parent]!.due <= entry.due) break;
      heap[i] = heap[parent]!;
      i = parent;
    }
    heap[i] = entry;
  }

  #pop(): void {
    const heap = this.#heap;
    const last = heap.pop()!;
    if (heap.length === 0) return;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      if (left >= heap.length) break;
      const right = left + 1;
      const child = right < heap.length && heap[right]!.due < heap[left]!.due ? right : left;
      if (heap[child]!.due >= last.due) break;
      heap[i] = heap[child]!;
      i = child;
    }
    heap[i] = last;
  }
}

const queue = new TimerQueue();

/** Runs `fire` once, `ms` from now, unless the returned entry is cancelled first. */
export function schedule(ms: number, fire: () => void): TimerEntry {
  return queue.schedule(ms, fire);
}
