import { PauseError } from '@pause/core';
import { describe, expect, it } from 'vitest';
import { createPauseGate } from './pause-gate.ts';

const resource = { group: 'example.com', version: 'v1', plural: 'widgets', kind: 'Widget' };

describe('createPauseGate', () => {
  it('builds the policy from plain options, synchronously', async () => {
    const gate = createPauseGate({ resource, pause: { labelKey: 'example.com/paused' } });
    expect(gate.policy).toMatchObject({ labelKey: 'example.com/paused', conditionType: 'Paused' });
    expect(gate.client.connection.stats().connectionsOpened).toBe(0);
    await gate.close();
  });

  it('lets an object that is not paused continue, typed, without a call', async () => {
    interface Widget {
      apiVersion: string;
      kind: string;
      metadata: { name: string; namespace: string };
      spec: { size: number };
    }
    const gate = createPauseGate<Widget>({ resource, pause: { labelKey: 'example.com/paused' } });
    const widget: Widget = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w', namespace: 'a' },
      spec: { size: 3 },
    };
    const outcome = await gate.run(widget);
    expect(outcome.action).toBe('continue');
    if (outcome.action === 'continue') expect(outcome.object.spec.size).toBe(3);
    expect(gate.client.connection.stats()).toEqual({ connectionsOpened: 0, requests: 0 });
    await gate.close();
  });

  it('throws PauseError for invalid pause options', () => {
    expect(() => createPauseGate({ resource, pause: { labelKey: '' } })).toThrow(PauseError);
  });
});
