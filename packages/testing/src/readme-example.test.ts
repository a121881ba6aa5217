// The example of README.md, kept compiling and passing.
import { createPausePolicy, refOf } from '@pause/core';
import { expect, it, vi } from 'vitest';
import { createFakeController, FakeCluster } from './index.ts';

it('does not reconcile a paused widget, and resumes when the label goes', async () => {
  const cluster = new FakeCluster();
  const ref = refOf(
    cluster.create({
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w', namespace: 'ns', labels: { 'example.com/paused': 'ops' } },
    }),
  );
  const reconcile = vi.fn();
  const controller = createFakeController({
    cluster,
    reconcile,
    now: Date.parse('2026-01-01T00:00:00Z'),
    policy: createPausePolicy({ labelKey: 'example.com/paused' }),
  });

  expect(await controller.step(ref)).toMatchObject({ result: 'stopped' });
  expect(reconcile).not.toHaveBeenCalled();
  expect(cluster.writes.filter((w) => w.operation === 'patch-status')).toHaveLength(1);

  cluster.patch(ref, {
    type: 'merge',
    body: { metadata: { labels: { 'example.com/paused': null } } },
  });
  expect(await controller.step(ref)).toMatchObject({ result: 'continued' });
});
