import { describe, expect, it } from 'vitest';
import { LABEL, NOW, OWNER, widget } from '../test/fixtures.ts';
import { MemoryClient } from '../test/memory-client.ts';
import { PauseError } from './errors.ts';
import type { KubeObject } from './kube-object.ts';
import { createPauseGate } from './pause-gate.ts';

interface Widget extends KubeObject {
  spec: { size: number };
}

describe('createPauseGate', () => {
  it('runs a pass with policy options given directly, typed as the object passed in', async () => {
    const object: Widget = { ...widget({ labels: { [LABEL]: 'ops' } }), spec: { size: 3 } };
    const client = new MemoryClient(object);
    const gate = createPauseGate<Widget>({ client, pause: { labelKey: LABEL }, now: () => NOW });
    const outcome = await gate.run(object);
    expect(outcome.action).toBe('stop');
    if (outcome.action !== 'stop') return;
    expect(outcome.object.spec.size).toBe(3);
    expect(client.calls).toEqual(['writeCondition', 'recordEvent']);
    expect(gate.policy.conditionType).toBe('Paused');
  });

  it('reads the clock on every pass', async () => {
    const object = widget({ annotations: {} });
    const client = new MemoryClient(object);
    let reads = 0;
    const gate = createPauseGate({
      client,
      pause: { labelKey: LABEL },
      now: () => {
        reads++;
        return NOW;
      },
    });
    await gate.run(object);
    await gate.run(object);
    expect(reads).toBe(2);
  });

  it('self-pauses label first', async () => {
    const object = widget({});
    const client = new MemoryClient(object);
    const gate = createPauseGate({
      client,
      pause: { labelKey: LABEL, ownerId: OWNER },
      now: () => NOW,
    });
    const outcome = await gate.selfPause(object, { reason: 'Broken', message: 'fix me' });
    expect(outcome.action).toBe('stop');
    expect(client.calls.slice(0, 2)).toEqual(['writeMetadata', 'writeCondition']);
    expect(client.object?.metadata?.labels?.[LABEL]).toBe(OWNER);
  });

  it("closes the client when it can be closed, and keeps the client's own type", async () => {
    const object = widget({});
    let closed = 0;
    const client = Object.assign(new MemoryClient(object), {
      close: async () => {
        closed++;
      },
    });
    const gate = createPauseGate({ client, pause: { labelKey: LABEL }, now: () => NOW });
    expect(gate.client.calls).toEqual([]);
    await gate.close();
    expect(closed).toBe(1);
    await expect(
      createPauseGate({
        client: new MemoryClient(object),
        pause: { labelKey: LABEL },
        now: () => NOW,
      }).close(),
    ).resolves.toBeUndefined();
  });

  it('rejects invalid policy options at construction', () => {
    const client = new MemoryClient(widget({}));
    expect(() =>
      createPauseGate({ client, pause: { labelKey: 'no//key' }, now: () => NOW }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_LABEL_KEY' }));
    let thrown: unknown;
    try {
      createPauseGate({ client, pause: { labelKey: '' }, now: () => NOW });
    } catch (error) {
      thrown = error;
    }
    expect(PauseError.isInstance(thrown)).toBe(true);
  });
});
