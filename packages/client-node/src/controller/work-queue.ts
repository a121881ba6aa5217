/** The longest single wait of a delayed add: one day. */
export const MAX_DELAY_MS = 24 * 60 * 60 * 1000;

/** Options of {@link KeyedWorkQueue}. */
export interface KeyedWorkQueueOptions {
  /** How many keys are processed at once (different keys only). Default 2. */
  concurrency?: number;
  /** Processes one key; the queue guarantees one call per key at a time. */
  process: (key: string) => Promise<void>;
  /** Called when `process` throws (it should not: handle errors inside). */
  onError?: (key: string, error: unknown) => void;
}

/**
 * client-go's workqueue semantics for one process: a key waiting is queued once
 * (de-duplicated), a key being processed is never processed twice at once (a key added while
 * in flight runs again right after), and delayed adds keep the earliest due time.
 */
export class KeyedWorkQueue {
  readonly #concurrency: number;
  readonly #process: (key: string) => Promise<void>;
  readonly #onError: ((key: string, error: unknown) => void) | undefined;
  readonly #ready: string[] = [];
  readonly #queued = new Set<string>();
  readonly #inFlight = new Set<string>();
  readonly #dirty = new Set<string>();
  readonly #timers = new Map<string, { due: number; timer: NodeJS.Timeout }>();
  readonly #idleWaiters: Array<() => void> = [];
  #stopped = false;

  constructor(options: KeyedWorkQueueOptions) {
    this.#concurrency = Math.max(1, options.concurrency ?? 2);
    this.#process = options.process;
    this.#onError = options.onError;
  }

  /** Queue `key` now (no-op when already queued; re-run after when in flight). */
  add(key: string): void {
    if (this.#stopped) return;
    this.#clearTimer(key);
    if (this.#inFlight.has(key)) {
      this.#dirty.add(key);
      return;
    }
    if (this.#queued.has(key)) return;
    this.#queued.add(key);
    this.#ready.push(key);
    this.#pump();
  }

  /**
   * Queue `key` after `requestedMs`, at most {@link MAX_DELAY_MS} (an earlier pending due time
   * wins).
   */
  addAfter(key: string, requestedMs: number): void {
    if (this.#stopped) return;
    if (requestedMs <= 0) {
      this.add(key);
      return;
    }
    // `setTimeout` fires at once above 2^31-1 ms (~24.8 days). A far-off due time (an `until`
    // months away) is looked at after a day instead: that pass computes the time left again.
    const delayMs = Math.min(requestedMs, MAX_DELAY_MS);
    const due = Date.now() + delayMs;
    const pending = this.#timers.get(key);
    if (pending && pending.due <= due) return;
    if (pending) clearTimeout(pending.timer);
    const timer = setTimeout(() => {
      this.#timers.delete(key);
      this.add(key);
    }, delayMs);
    timer.unref();
    this.#timers.set(key, { due, timer });
  }

  /** Drop a pending delayed add of `key` (e.g. the object was deleted). */
  forget(key: string): void {
    this.#clearTimer(key);
  }

  /** Keys waiting, being processed, and delayed. */
  get size(): { ready: number; inFlight: number; delayed: number } {
    return { ready: this.#ready.length, inFlight: this.#inFlight.size, delayed: this.#timers.size };
  }

  /** The keys being processed now. */
  get inFlightKeys(): string[] {
    return [...this.#inFlight];
  }

  /** Resolves once nothing is queued or in flight (delayed adds do not count). */
  idle(): Promise<void> {
    if (this.#ready.length === 0 && this.#inFlight.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idleWaiters.push(resolve));
  }

  /**
   * Stops taking work and drops queued and delayed adds at once (synchronously); resolves once
   * the in-flight keys finished.
   */
  async stop(): Promise<void> {
    this.#stopped = true;
    for (const { timer } of this.#timers.values()) clearTimeout(timer);
    this.#timers.clear();
    this.#ready.length = 0;
    this.#queued.clear();
    this.#dirty.clear();
    await this.idle();
  }

  #clearTimer(key: string): void {
    const pending = this.#timers.get(key);
    if (pending) clearTimeout(pending.timer);
    this.#timers.delete(key);
  }

  #pump(): void {
    while (!this.#stopped && this.#inFlight.size < this.#concurrency && this.#ready.length > 0) {
      const key = this.#ready.shift() as string;
      this.#queued.delete(key);
      this.#inFlight.add(key);
      void this.#run(key);
    }
    if (this.#ready.length === 0 && this.#inFlight.size === 0) {
      for (const resolve of this.#idleWaiters.splice(0)) resolve();
    }
  }

  async #run(key: string): Promise<void> {
    try {
      await this.#process(key);
    } catch (error) {
      this.#onError?.(key, error);
    } finally {
      this.#inFlight.delete(key);
      if (this.#dirty.delete(key) && !this.#stopped) {
        this.#queued.add(key);
        this.#ready.push(key);
      }
      this.#pump();
    }
  }
}
