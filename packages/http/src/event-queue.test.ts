import type { CoreEventBody } from '@pause/core/adapter';
import { describe, expect, it } from 'vitest';
import { createEventQueue } from './event-queue.ts';

function event(name: string, reason = 'Paused', message = 'paused'): CoreEventBody {
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { generateName: `${name}.`, namespace: 'ns' },
    involvedObject: { kind: 'Widget', name, namespace: 'ns', uid: `uid-${name}` },
    type: 'Normal',
    reason: reason as CoreEventBody['reason'],
    message,
    action: reason as CoreEventBody['reason'],
    count: 1,
    firstTimestamp: '2026-01-01T00:00:00Z',
    lastTimestamp: '2026-01-01T00:00:00Z',
    source: { component: 'test' },
    reportingComponent: 'test',
  };
}

/** A send whose calls resolve only when released, to look at the queue meanwhile. */
function gatedSend() {
  const sent: string[] = [];
  const gates: Array<() => void> = [];
  return {
    sent,
    release: () => {
      for (const open of gates.splice(0)) open();
    },
    send: (body: CoreEventBody) =>
      new Promise<void>((resolve) => {
        gates.push(() => {
          sent.push(`${body.involvedObject.name}:${body.reason}`);
          resolve();
        });
      }),
  };
}

describe('createEventQueue', () => {
  it('returns at once, sends with bounded concurrency, and flush waits for all of it', async () => {
    const gate = gatedSend();
    const queue = createEventQueue({ send: gate.send, concurrency: 2 });
    for (const name of ['a', 'b', 'c']) queue.enqueue(event(name));
    expect(queue.stats()).toMatchObject({ pending: 3, sent: 0 });
    const flushed = queue.flush(10_000);
    while (gate.sent.length < 3) {
      gate.release();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await expect(flushed).resolves.toBe(true);
    expect(gate.sent).toEqual(['a:Paused', 'b:Paused', 'c:Paused']);
    expect(queue.stats()).toMatchObject({ sent: 3, pending: 0, failed: 0 });
  });

  it('aggregates an Event identical to one still waiting; a different one is sent', async () => {
    const gate = gatedSend();
    const queue = createEventQueue({ send: gate.send, concurrency: 1 });
    queue.enqueue(event('a')); // being sent
    queue.enqueue(event('a', 'Resumed', 'resumed')); // waiting
    queue.enqueue(event('a', 'Resumed', 'resumed')); // identical to a waiting one
    queue.enqueue(event('a', 'Paused', 'paused again'));
    expect(queue.stats()).toMatchObject({ aggregated: 1, pending: 3 });
    const flushed = queue.flush();
    while (queue.stats().pending > 0) {
      gate.release();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await flushed;
    expect(gate.sent).toEqual(['a:Paused', 'a:Resumed', 'a:Paused']);
  });

  it('drops (and reports) what exceeds the queue, or an object that spent its burst; refills with time', async () => {
    let clock = 0;
    const failures: string[] = [];
    const gate = gatedSend();
    const queue = createEventQueue({
      send: gate.send,
      concurrency: 1,
      maxQueued: 2,
      burstPerObject: 2,
      refillMsPerObject: 1000,
      now: () => clock,
      onFailure: (_body, why) => failures.push(why),
    });
    queue.enqueue(event('a', 'Paused', '1'));
    queue.enqueue(event('a', 'Resumed', '2'));
    queue.enqueue(event('a', 'Paused', '3')); // burst of 2 spent
    expect(failures).toEqual(['event Paused was dropped: 2 Events about this object recently']);
    clock = 1000; // one token back
    queue.enqueue(event('a', 'Paused', '4'));
    queue.enqueue(event('b')); // 2 waiting (the first is being sent): full
    expect(failures[1]).toBe('event Paused was dropped: 2 Events are already waiting');
    expect(queue.stats()).toMatchObject({ dropped: 2 });
    const flushed = queue.flush();
    while (queue.stats().pending > 0) {
      gate.release();
      await new Promise((resolve) => setImmediate(resolve));
    }
    await flushed;
    expect(gate.sent).toEqual(['a:Paused', 'a:Resumed', 'a:Paused']);
  });

  it('reports a failed send and goes on; flush gives up at its timeout', async () => {
    const failures: string[] = [];
    const queue = createEventQueue({
      send: async (body) => {
        if (body.involvedObject.name === 'bad') throw new Error('HTTP 403 Forbidden');
      },
      onFailure: (_body, why) => failures.push(why),
    });
    queue.enqueue(event('bad'));
    queue.enqueue(event('good'));
    await queue.flush(10_000);
    expect(failures).toEqual(['event Paused was not recorded: HTTP 403 Forbidden']);
    expect(queue.stats()).toMatchObject({ sent: 1, failed: 1, pending: 0 });

    const stuck = createEventQueue({ send: () => new Promise(() => undefined) });
    stuck.enqueue(event('a'));
    await expect(stuck.flush(20)).resolves.toBe(false);
  });
});
