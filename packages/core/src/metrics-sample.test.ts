import { describe, expect, it } from 'vitest';
import { outcomeSample } from './metrics-sample.ts';
import { createPausePolicy } from './policy.ts';
import type { PauseOutcome } from './run-pause.ts';

const policy = createPausePolicy({ labelKey: 'example.com/paused' });
const decision = { action: 'stop', state: 'paused', writes: [], events: [], warnings: [] } as const;

function stopped(conditions: unknown): PauseOutcome {
  return {
    action: 'stop',
    object: { metadata: { name: 'w' }, status: { conditions } },
    decision: { ...decision, writes: [], events: [], warnings: [] },
    warnings: [],
    events: [{ type: 'Normal', reason: 'Paused', message: 'paused' }],
  };
}

describe('outcomeSample', () => {
  it('carries the transitions and when a paused object was paused', () => {
    const sample = outcomeSample(
      'ns/w',
      stopped([{ type: 'Paused', status: 'True', lastTransitionTime: '2026-01-02T03:04:05Z' }]),
      policy,
    );
    expect(sample).toEqual({
      key: 'ns/w',
      action: 'stop',
      transitions: ['Paused'],
      pausedSinceMs: Date.UTC(2026, 0, 2, 3, 4, 5),
    });
  });

  it('leaves pausedSinceMs out when the time is missing, garbage, or the condition is not True', () => {
    for (const conditions of [
      [{ type: 'Paused', status: 'True' }],
      [{ type: 'Paused', status: 'True', lastTransitionTime: 'yesterday' }],
      [{ type: 'Paused', status: 'False', lastTransitionTime: '2026-01-02T03:04:05Z' }],
      'not a list',
    ]) {
      expect(outcomeSample('w', stopped(conditions), policy)).not.toHaveProperty('pausedSinceMs');
    }
  });

  it('reports requeue and gone without transitions', () => {
    expect(outcomeSample('w', { action: 'gone', warnings: [] }, policy)).toEqual({
      key: 'w',
      action: 'gone',
      transitions: [],
    });
  });
});
