import { randomBytes } from 'node:crypto';
import type { ObjectRef } from '@pause/core';
import { refOf } from '@pause/core/adapter';
import {
  connectRealCluster,
  createTestObjects,
  type TestObjects,
  type TestResource,
  waitFor,
} from '@pause/real-cluster';
import { afterEach, describe, expect, it } from 'vitest';
import { createPausableController, type PausableController } from '../../src/index.ts';
import { kubeConfigOf } from './cluster.ts';

const LABEL = 'pause.test/paused';
const cluster = connectRealCluster();
/** A resource of its own: no other test file's controllers write these objects' Events. */
const resource: TestResource = {
  group: 'clientnode.pause.test',
  version: 'v1',
  kind: 'EventWidget',
  plural: 'eventwidgets',
  namespaced: true,
  conditions: 'free',
};

const pausedOf = (object: { status?: unknown } | undefined) =>
  (
    object?.status as { conditions?: Array<{ type: string; status: string }> } | undefined
  )?.conditions?.find((c) => c.type === 'Paused')?.status === 'True';

describe('Events off the workers path (events: background, the default) on the real API server', () => {
  let controller: PausableController | undefined;
  let objects: TestObjects | undefined;

  afterEach(async () => {
    await controller?.stop();
    await objects?.cleanup();
  });

  for (const events of ['background', 'inline'] as const) {
    it(`${events}: every transition's Event is recorded exactly once; idle() waits for them`, async () => {
      objects = await createTestObjects({
        cluster,
        resource,
        namespace: `events-${events}-${randomBytes(3).toString('hex')}`,
      });
      const created = objects;
      const warnings: string[] = [];
      controller = createPausableController({
        kubeConfig: kubeConfigOf(cluster.info.kubeConfig),
        resource,
        pause: { labelKey: LABEL },
        namespace: created.namespace as string,
        events,
        concurrency: 4,
        reconcile: async () => undefined,
        onWarning: (key, warning) => warnings.push(`${key}: ${warning.message}`),
      });
      await controller.start();
      const refs: ObjectRef[] = [];
      for (let i = 0; i < 20; i++) refs.push(refOf(await created.createObject()));
      for (const ref of refs) await created.patchMetadata(ref, { labels: { [LABEL]: 'ops' } });
      for (const ref of refs) {
        await waitFor(`${ref.name} paused`, async () =>
          pausedOf(await created.getObject(ref)) ? true : undefined,
        );
      }
      await controller.idle();
      for (const ref of refs) {
        expect((await created.listEvents(ref)).map((e) => e.reason)).toEqual(['Paused']);
      }
      expect(warnings).toEqual([]);
      if (events === 'background') {
        expect(controller.client.events?.stats()).toMatchObject({
          sent: 20,
          pending: 0,
          failed: 0,
          dropped: 0,
        });
      } else {
        expect(controller.client.events).toBeUndefined();
      }
    });
  }

  it('refuses an unknown events option with PauseError', () => {
    expect(() =>
      createPausableController({
        resource,
        pause: { labelKey: LABEL },
        events: 'sometimes' as 'inline',
        reconcile: async () => undefined,
      }),
    ).toThrow(expect.objectContaining({ code: 'INVALID_POLICY' }));
  });
});
