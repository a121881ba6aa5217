import { PauseError } from '@pause/core';
import { describe, expect, it } from 'vitest';
import { createPausableController } from './pausable-controller.ts';

const resource = { group: 'example.com', version: 'v1', plural: 'widgets', kind: 'Widget' };

describe('createPausableController', () => {
  it('validates the pause options at once, before anything connects', () => {
    expect(() =>
      createPausableController({
        resource,
        pause: { labelKey: 'not a label key' },
        reconcile: async () => undefined,
      }),
    ).toThrow(PauseError);
  });

  it('creates its client without loading a kubeconfig', async () => {
    const previous = process.env.KUBECONFIG;
    process.env.KUBECONFIG = '/nonexistent/pause-test-kubeconfig';
    try {
      const controller = createPausableController({
        resource,
        pause: { labelKey: 'example.com/paused' },
        reconcile: async () => undefined,
      });
      expect(controller.client.connection.stats().requests).toBe(0);
      expect(controller.informer).toBeUndefined();
      await controller.stop();
    } finally {
      if (previous === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = previous;
    }
  });

  it('reports its state; stop() before start() stops it for good without connecting', async () => {
    const controller = createPausableController({
      resource,
      pause: { labelKey: 'example.com/paused' },
      reconcile: async () => undefined,
    });
    expect([controller.state, controller.isLeader, controller.queueDepth]).toEqual([
      'new',
      true,
      0,
    ]);
    expect(await controller.stop({ timeoutMs: 10 })).toEqual({ unfinished: [] });
    expect(controller.state).toBe('stopped');
    await controller.start();
    expect(controller.state).toBe('stopped');
    expect(controller.client.connection.stats().requests).toBe(0);
  });
});
