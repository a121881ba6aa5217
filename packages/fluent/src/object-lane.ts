/**
 * Runs work for one object at a time, per key (the object's uid, else namespace/name), and
 * holds at most one delayed look per key. Pepr's queue already serialises watch events of one
 * object; this also serialises the delayed looks the wrapper schedules itself.
 */
export interface ObjectLanes {
  /** Runs `work` after the earlier work of `key` settled. */
  run<T>(key: string, work: () => Promise<T>): Promise<T>;
  /** Replaces the delayed look of `key` (an unref'd timer; long delays are re-armed in steps). */
  schedule(key: string, delayMs: number, look: () => Promise<void>): void;
  /** Cancels the delayed look of `key`. */
  cancel(key: string): void;
  /** Keys with a delayed look pending. */
  scheduled(): string[];
  /** Cancels every delayed look. */
  clear(): void;
}

/** `setTimeout` overflows above 2^31-1 ms; longer waits are taken in steps of a day. */
const MAX_TIMER_MS = 24 * 60 * 60 * 1000;

/** Creates {@link ObjectLanes}. */
export function createObjectLanes(): ObjectLanes {
  const tails = new Map<string, Promise<unknown>>();
  const timers = new Map<string, NodeJS.Timeout>();

  const cancel = (key: string) => {
    const timer = timers.get(key);
    if (timer) clearTimeout(timer);
    timers.delete(key);
  };

  const schedule = (key: string, delayMs: number, look: () => Promise<void>) => {
    cancel(key);
    const due = Date.now() + Math.max(0, delayMs);
    const arm = () => {
      const left = due - Date.now();
      const timer = setTimeout(
        () => {
          if (left > MAX_TIMER_MS) return arm();
          timers.delete(key);
          look().catch(() => undefined); // failures are reported by `look` itself
        },
        Math.min(Math.max(0, left), MAX_TIMER_MS),
      );
      timer.unref();
      timers.set(key, timer);
    };
    arm();
  };

  return {
    run<T>(key: string, work: () => Promise<T>): Promise<T> {
      const previous = tails.get(key) ?? Promise.resolve();
      const next = previous.then(work, work);
      const tail = next.catch(() => undefined);
      tails.set(key, tail);
      void tail.then(() => {
        if (tails.get(key) === tail) tails.delete(key);
      });
      return next;
    },
    schedule,
    cancel,
    scheduled: () => [...timers.keys()],
    clear() {
      for (const key of [...timers.keys()]) cancel(key);
    },
  };
}
