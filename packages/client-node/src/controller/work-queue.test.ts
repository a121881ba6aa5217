import { afterEach, describe, expect, it, vi } from 'vitest';
import { KeyedWorkQueue, MAX_DELAY_MS } from './work-queue.ts';

afterEach(() => {
  vi.useRealTimers();
});

function deferred() {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('KeyedWorkQueue', () => {
  it('de-duplicates a key that is waiting', async () => {
    const seen: string[] = [];
    const gate = deferred();
    const queue = new KeyedWorkQueue({
      concurrency: 1,
      process: async (key) => {
        if (key === 'blocker') await gate.promise;
        seen.push(key);
      },
    });
    queue.add('blocker');
    queue.add('a');
    queue.add('a');
    queue.add('b');
    queue.add('a');
    gate.resolve();
    await queue.idle();
    expect(seen).toEqual(['blocker', 'a', 'b']);
  });

  it('never runs one key twice at once, and re-runs it once after when added meanwhile', async () => {
    let running = 0;
    let maxRunning = 0;
    let runs = 0;
    const gate = deferred();
    const queue = new KeyedWorkQueue({
      concurrency: 4,
      process: async () => {
        running++;
        runs++;
        maxRunning = Math.max(maxRunning, running);
        if (runs === 1) await gate.promise;
        running--;
      },
    });
    queue.add('a');
    queue.add('a');
    queue.add('a');
    gate.resolve();
    await queue.idle();
    await queue.idle();
    expect(maxRunning).toBe(1);
    expect(runs).toBe(2);
  });

  it('runs different keys concurrently up to the limit', async () => {
    let running = 0;
    let maxRunning = 0;
    const queue = new KeyedWorkQueue({
      concurrency: 3,
      process: async () => {
        running++;
        maxRunning = Math.max(maxRunning, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
      },
    });
    for (const key of ['a', 'b', 'c', 'd', 'e', 'f']) queue.add(key);
    await queue.idle();
    expect(maxRunning).toBe(3);
  });

  it('keeps the earliest due time of delayed adds and runs them once', async () => {
    const seen: string[] = [];
    const queue = new KeyedWorkQueue({ process: async (key) => void seen.push(key) });
    queue.addAfter('a', 60_000);
    queue.addAfter('a', 1);
    queue.addAfter('a', 30_000);
    expect(queue.size.delayed).toBe(1);
    await new Promise((r) => setTimeout(r, 30));
    await queue.idle();
    expect(seen).toEqual(['a']);
    expect(queue.size.delayed).toBe(0);
  });

  it('reports a throwing processor to onError and goes on', async () => {
    const errors: string[] = [];
    const seen: string[] = [];
    const queue = new KeyedWorkQueue({
      process: async (key) => {
        if (key === 'bad') throw new Error('boom');
        seen.push(key);
      },
      onError: (key) => errors.push(key),
    });
    queue.add('bad');
    queue.add('good');
    await queue.idle();
    expect(errors).toEqual(['bad']);
    expect(seen).toEqual(['good']);
  });

  it('waits at most a day for a far-off due time (setTimeout would fire at once above ~24.8 days)', async () => {
    vi.useFakeTimers();
    const processed: string[] = [];
    const queue = new KeyedWorkQueue({ process: async (key) => void processed.push(key) });
    queue.addAfter('until-in-2030', 4 * 365 * 24 * 60 * 60 * 1000);
    await vi.advanceTimersByTimeAsync(1000);
    expect(processed).toEqual([]);
    await vi.advanceTimersByTimeAsync(MAX_DELAY_MS - 1000);
    expect(processed).toEqual(['until-in-2030']);
    await queue.stop();
  });

  it('drops delayed work on stop', async () => {
    const seen: string[] = [];
    const queue = new KeyedWorkQueue({ process: async (key) => void seen.push(key) });
    queue.addAfter('a', 5);
    await queue.stop();
    await new Promise((r) => setTimeout(r, 20));
    queue.add('b');
    expect(seen).toEqual([]);
  });
});
