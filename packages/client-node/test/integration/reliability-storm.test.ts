/**
 * Reliability (issue 13): a toggle storm. Many objects get 15+ random pause-label flips each at
 * full speed while another field manager applies its own condition on the same objects with
 * server-side apply. Afterwards every object's `Paused` condition matches its last label and
 * the other manager's last condition is intact (exactly once).
 */
import type { ObjectRef } from '@pause/core';
import { refOf } from '@pause/core/adapter';
import {
  connectRealCluster,
  createTestObjects,
  type TestObjects,
  waitFor,
} from '@pause/real-cluster';
import { afterEach, describe, expect, it } from 'vitest';
import {
  createPausableController,
  type PausableController,
  type StatusStrategy,
} from '../../src/index.ts';
import {
  conditionsOf,
  LABEL,
  labelled,
  pool,
  report,
  scale,
  settled,
} from '../reliability/support.ts';
import { kubeConfigOf, testResource } from './cluster.ts';

const NAMESPACE = 'pause-reliability-storm';
const cluster = connectRealCluster();
const resource = testResource('map', true);
const OBJECTS = scale(30, 100);
const FLIPS = scale(15, 25);
const OTHER_WRITES = scale(5, 10);

/** Small seeded PRNG (mulberry32), so a failing storm can be replayed with its seed. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

describe.each<StatusStrategy>(['json-patch', 'server-side-apply'])(
  'reliability: toggle storm with a concurrent server-side-apply writer (%s)',
  (statusStrategy) => {
    let objects: TestObjects | undefined;
    let controller: PausableController | undefined;

    afterEach(async () => {
      await controller?.stop();
      await objects?.cleanup();
      controller = undefined;
      objects = undefined;
    });

    it(`${OBJECTS} objects × ${FLIPS} flips: every Paused condition matches the last label, the other condition survives`, async () => {
      const seed = Number(process.env.PAUSE_STORM_SEED ?? Date.now() % 1_000_000);
      const rand = random(seed);
      objects = await createTestObjects({ cluster, resource, namespace: NAMESPACE });
      const h = objects;
      const refs: ObjectRef[] = [];
      await pool(Array.from({ length: OBJECTS }), 8, async () => {
        refs.push(refOf(await h.createObject()));
      });
      const errors: unknown[] = [];
      controller = createPausableController({
        kubeConfig: kubeConfigOf(cluster.info.kubeConfig),
        resource,
        pause: { labelKey: LABEL },
        namespace: NAMESPACE,
        statusStrategy,
        backoff: { baseMs: 20, maxMs: 1_000 },
        concurrency: 4,
        onError: (_key, error) => errors.push(error),
        reconcile: async () => undefined,
      });
      await controller.start();

      // The plan: per object, FLIPS label states (each differs from the one before).
      const plans = refs.map(() => {
        let on = false;
        return Array.from({ length: FLIPS }, () => {
          on = rand() < 0.85 ? !on : on; // mostly flips, sometimes a repeated write
          return on;
        });
      });
      const lastOther = new Map<string, string>();
      const t0 = performance.now();
      let labelWrites = 0;
      let otherWrites = 0;
      await Promise.all([
        pool(refs, 8, async (ref, i) => {
          for (const on of plans[i] as boolean[]) {
            await h.patchMetadata(ref, { labels: { [LABEL]: on ? 'storm' : null } });
            labelWrites++;
          }
        }),
        pool(refs, 4, async (ref) => {
          for (let k = 0; k < OTHER_WRITES; k++) {
            const message = `other write ${k} of ${ref.name}`;
            await h.writeOtherCondition(ref, {
              type: 'OtherReady',
              status: k % 2 ? 'True' : 'False',
              reason: 'Working',
              message,
              lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
            });
            lastOther.set(ref.name, message);
            otherWrites++;
          }
        }),
      ]);
      const stormSeconds = (performance.now() - t0) / 1000;

      const t1 = performance.now();
      const pending = new Set(refs);
      await waitFor(
        'every object settled after the storm',
        async () => {
          for (const ref of [...pending]) {
            if (settled(await h.getObject(ref))) pending.delete(ref);
          }
          return pending.size === 0;
        },
        180_000,
      );
      const convergeSeconds = (performance.now() - t1) / 1000;
      await controller.idle();

      const final = await Promise.all(refs.map((ref) => h.getObject(ref)));
      final.forEach((object, i) => {
        const name = refs[i]?.name as string;
        const wanted = (plans[i] as boolean[]).at(-1) as boolean;
        expect(labelled(object), `${name}: last label (seed ${seed})`).toBe(wanted);
        expect(settled(object), `${name}: Paused matches the label (seed ${seed})`).toBe(true);
        const other = conditionsOf(object).filter((entry) => entry.type === 'OtherReady');
        expect(other, `${name}: the other manager's condition (seed ${seed})`).toHaveLength(1);
        expect(other[0]?.message).toBe(lastOther.get(name));
        expect(
          conditionsOf(object).filter((entry) => entry.type === 'Paused').length,
        ).toBeLessThanOrEqual(1);
      });
      report(`toggle-storm ${statusStrategy}`, {
        seed,
        objects: OBJECTS,
        labelWrites,
        otherWrites,
        stormSeconds: +stormSeconds.toFixed(2),
        convergeSecondsAfterStorm: +convergeSeconds.toFixed(2),
        paused: final.filter((object) => labelled(object)).length,
        controllerErrors: errors.length,
      });
    });
  },
);
