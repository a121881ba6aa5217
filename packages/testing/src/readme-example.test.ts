import { refOf } from '@pause/core';
import { createFakeController, FakeCluster } from '@pause/testing';
import { expect, it, vi } from 'vitest';

it('does not reconcile a paused widget, and resumes when the label goes', async () => {
  const cluster = new FakeCluster();
  const reconcile = vi.fn();
  const controller = createFakeController({
    cluster,
    reconcile,
    pause: { labelKey: 'example.com/paused' },
    now: Date.parse('2026-01-01T00:00:00Z'),
  });
  const ref = refOf(
    cluster.create({
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w', namespace: 'ns', labels: { 'example.com/paused': 'ops' } },
    }),
  );

  expect(await controller.step(ref)).toMatchObject({ result: 'stopped' });
  expect(reconcile).not.toHaveBeenCalled();
  expect(cluster.writes.filter((w) => w.operation === 'patch-status')).toHaveLength(1);

  cluster.patch(ref, {
    type: 'merge',
    body: { metadata: { labels: { 'example.com/paused': null } } },
  });
  expect(await controller.step(ref)).toMatchObject({ result: 'continued' });
  expect(reconcile).toHaveBeenCalledOnce();
});
