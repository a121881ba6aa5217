import { createPausePolicy, type KubeObject } from '@pause/core';
import type { PauseOutcomeSample, ReconcileSample } from '@pause/core/adapter';
import { FakeCluster, FakePauseClient } from '@pause/testing';
import { describe, expect, it } from 'vitest';
import type { PauseMetricsHooks } from './metrics-hooks.ts';
import { withPause } from './pepr.ts';

const LABEL = 'example.com/paused';
const policy = createPausePolicy({ labelKey: LABEL });

function setup() {
  const cluster = new FakeCluster();
  const client = new FakePauseClient(cluster);
  const object = cluster.create({
    apiVersion: 'example.com/v1',
    kind: 'Widget',
    metadata: { name: 'w', namespace: 'ns' },
    spec: { size: 1 },
  });
  const ref = { apiVersion: 'example.com/v1', kind: 'Widget', name: 'w', namespace: 'ns' };
  const setLabel = (value: string | null) =>
    cluster.patch(ref, { type: 'merge', body: { metadata: { labels: { [LABEL]: value } } } });
  const outcomes: PauseOutcomeSample[] = [];
  const reconciles: ReconcileSample[] = [];
  const forgotten: string[] = [];
  const metrics: PauseMetricsHooks = {
    onOutcome: (sample) => outcomes.push(sample),
    onReconcile: (sample) => reconciles.push(sample),
    onForget: (key) => forgotten.push(key),
  };
  return { cluster, client, object, setLabel, outcomes, reconciles, forgotten, metrics };
}

describe('withPause metrics hooks', () => {
  it('reports each pass (transitions Paused, then Resumed) and each reconcile', async () => {
    const t = setup();
    const key = t.object.metadata?.uid;
    const wrapped = withPause(policy, () => {}, { client: t.client, metrics: t.metrics });
    await wrapped(t.object, 'ADDED');
    await wrapped(t.setLabel(''), 'MODIFIED');
    await wrapped(t.setLabel(null), 'MODIFIED');
    expect(t.outcomes.map(({ action, transitions }) => ({ action, transitions }))).toEqual([
      { action: 'continue', transitions: [] },
      { action: 'stop', transitions: ['Paused'] },
      { action: 'continue', transitions: ['Resumed'] },
    ]);
    expect(t.outcomes[1]?.pausedSinceMs).toEqual(expect.any(Number));
    expect(t.outcomes.every((s) => s.key === key)).toBe(true);
    expect(t.reconciles.map(({ key, result }) => ({ key, result }))).toEqual([
      { key, result: 'success' },
      { key, result: 'success' },
    ]);
    expect(t.reconciles.every((s) => s.durationMs >= 0)).toBe(true);
  });

  it('reports every attempt of a retried pass, the failed one as requeue', async () => {
    const t = setup();
    t.client.faults.failNext('writeCondition', { kind: 'status', statusCode: 500 }, 1);
    const wrapped = withPause(policy, () => {}, {
      client: t.client,
      metrics: t.metrics,
      sleep: async () => {},
    });
    await wrapped(t.setLabel(''), 'MODIFIED');
    expect(t.outcomes.map((s) => s.action)).toEqual(['requeue', 'stop']);
  });

  it('forgets an object on DELETED and on a pass that finds it gone', async () => {
    const t = setup();
    const wrapped = withPause(policy, () => {}, { client: t.client, metrics: t.metrics });
    const labelled = t.setLabel('');
    t.cluster.delete({ apiVersion: 'example.com/v1', kind: 'Widget', name: 'w', namespace: 'ns' });
    await wrapped(labelled, 'MODIFIED');
    await wrapped(labelled, 'DELETED');
    expect(t.outcomes.map((s) => s.action)).toEqual(['gone']);
    expect(t.forgotten).toEqual([t.object.metadata?.uid, t.object.metadata?.uid]);
    expect(t.reconciles.map((s) => s.result)).toEqual(['success']); // the DELETED callback
  });

  it('logs a hook that throws and runs the reconcile anyway', async () => {
    const t = setup();
    const warnings: string[] = [];
    const seen: KubeObject[] = [];
    const wrapped = withPause(policy, (o) => void seen.push(o), {
      client: t.client,
      metrics: {
        onOutcome: () => {
          throw new Error('broken gauge');
        },
      },
    });
    await wrapped(t.object, 'ADDED', { warn: (_data, message) => warnings.push(message) });
    expect(seen).toHaveLength(1);
    expect(warnings).toEqual(['a pause metrics hook threw']);
  });
});
