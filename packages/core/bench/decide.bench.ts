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

function widget(
  labels: Record<string, string>,
  conditions: unknown[],
  annotations?: Record<string, string>,
): KubeObject {
  return {
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: {
      name: 'w',
      namespace: 'default',
      resourceVersion: '9',
      generation: 2,
      labels,
      ...(annotations ? { annotations } : {}),
    },
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
// Paused with a reason and an `until` still ahead: the message names both, the decision requeues.
const freshUntil = widget({ 'example.com/paused': '' }, others, {
  'example.com/pause-reason': 'maintenance window',
  'example.com/pause-until': '2026-06-01T00:00:00Z',
});
const steadyUntil = applyWrites(freshUntil, decide(freshUntil, policy, NOW).writes);

// The steady-state cases must really be the steady state: the object already says what the
// decision wants, so no write, no event, no warning (checked once, outside the timed loops).
for (const [name, object, state] of [
  ['not paused', unpaused, 'active'],
  ['paused', steady, 'paused'],
  ['paused with reason + until', steadyUntil, 'paused'],
] as const) {
  const d = decide(object, policy, NOW);
  if (d.state !== state || d.writes.length + d.events.length + d.warnings.length !== 0) {
    throw new Error(`the ${name} steady-state case is not steady: ${JSON.stringify(d)}`);
  }
}

describe('decide', () => {
  bench('steady state, not paused (the hot path)', () => {
    decide(unpaused, policy, NOW);
  });
  bench('steady state, paused (no write)', () => {
    decide(steady, policy, NOW);
  });
  bench('steady state, paused with reason + until (no write)', () => {
    decide(steadyUntil, policy, NOW);
  });
  bench('pause transition + render the guarded JSON Patch', () => {
    const d = decide(fresh, policy, NOW);
    const write = d.writes[0];
    if (write?.kind === 'condition') conditionJsonPatch(fresh, write.change);
  });
});
