import { bench, describe } from 'vitest';
import { applyWrites, conditionJsonPatch } from '../src/adapter.ts';
import { createPausePolicy, decide, type KubeObject } from '../src/index.ts';

const policy = createPausePolicy({
  labelKey: 'example.com/paused',
  reasonAnnotation: 'example.com/pause-reason',
  untilAnnotation: 'example.com/pause-until',
  ownerId: 'controller-1',
});
const NOW = Date.UTC(2026, 0, 1);

function widget(labels: Record<string, string>, conditions: unknown[]): KubeObject {
  return {
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { name: 'w', namespace: 'default', resourceVersion: '9', generation: 2, labels },
    status: { conditions },
  };
}

const others = Array.from({ length: 8 }, (_, i) => ({
  type: `Other${i}`,
  status: 'True',
  reason: 'Ok',
  message: 'fine',
  lastTransitionTime: '2025-01-01T00:00:00Z',
}));
const fresh = widget({ 'example.com/paused': '' }, others);
const steady = applyWrites(fresh, decide(fresh, policy, NOW).writes);
const unpaused = widget({}, others);

describe('decide', () => {
  bench('steady state, not paused (the hot path)', () => {
    decide(unpaused, policy, NOW);
  });
  bench('steady state, paused (no write)', () => {
    decide(steady, policy, NOW);
  });
  bench('pause transition + render the guarded JSON Patch', () => {
    const d = decide(fresh, policy, NOW);
    const write = d.writes[0];
    if (write?.kind === 'condition') conditionJsonPatch(fresh, write.change);
  });
});
