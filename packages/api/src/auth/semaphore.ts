/** A counting semaphore with a bounded queue: at most `limit` holders, at most `maxWaiting` waiting. */
export class SemaphoreFull extends Error {
  constructor() {
    super('Too many operations are waiting.');
    this.name = 'SemaphoreFull';
  }
}

export class Semaphore {
  #running = 0;
  #peak = 0;
  readonly #queue: (() => void)[] = [];

  constructor(
    readonly limit: number,
    readonly maxWaiting: number,
  ) {
    if (!Number.isInteger(limit) || limit < 1) throw new RangeError(`A semaphore needs a positive limit, not ${limit}.`);
  }

  get running(): number {
    return this.#running;
  }
  get waiting(): number {
    return this.#queue.length;
  }
  /** The most holders at once since creation (or the last `resetPeak`). */
  get peak(): number {
    return this.#peak;
  }
  resetPeak(): void {
    this.#peak = this.#running;
  }

  /** Runs `fn` holding one place; waits for a place, or throws {@link SemaphoreFull} when the queue is full. */
  async run<T>(fn: () => Promise<T>): Promise<T> {
    if (this.#running >= this.limit) {
      if (this.#queue.length >= this.maxWaiting) throw new SemaphoreFull();
      await new Promise<void>((resolve) => this.#queue.push(resolve));
    } else {
      this.#running++;
    }
    this.#peak = Math.max(this.#peak, this.#running);
    try {
      return await fn();
    } finally {
      const next = this.#queue.shift();
      // The place passes straight to the next waiter, so none can be overtaken.
      if (next) next();
      else this.#running--;
    }
  }
}
