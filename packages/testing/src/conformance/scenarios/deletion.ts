import assert from 'node:assert/strict';
import { runPause } from '@pause/core';
import type { ScenarioDefinition } from '../scenario.ts';
import type { ScenarioId } from '../scenario-ids.ts';
import {
  conditionOf,
  conformancePolicy,
  create,
  eventReasons,
  expectAction,
  FINALIZER,
  LABEL,
  NOW,
  pass,
  stored,
} from './support.ts';

/** Deletion while paused, under both policies, and an object deleted under our feet. */
export const deletionScenarios = {
  'delete-blocked-while-paused': {
    title: 'onDelete "block": deletion waits, the condition and a Warning say so, once',
    async run(harness, ctx) {
      const policy = conformancePolicy({ onDelete: 'block' });
      const { ref } = await create(harness, { labels: { [LABEL]: '' }, finalizers: [FINALIZER] });
      await pass(harness, ctx, ref, policy);
      await harness.deleteObject(ref);
      const deleting = await stored(harness, ref);
      assert.ok(deleting.metadata?.deletionTimestamp, 'deletionTimestamp set, object kept');
      expectAction(await pass(harness, ctx, ref, policy), 'stop');
      assert.ok(
        /deletion is blocked while paused/.test(
          String(conditionOf(await stored(harness, ref))?.message),
        ),
        'the condition message says deletion is blocked',
      );
      const events = await harness.listEvents(ref);
      assert.deepEqual(
        events.map((e) => e.reason),
        ['Paused', 'DeletionBlocked'],
      );
      assert.equal(events[1]?.type, 'Warning');
      ctx.client.reset();
      expectAction(await pass(harness, ctx, ref, policy), 'stop');
      assert.equal(ctx.client.calls.length, 0, 'no more writes or events while blocked');
      await harness.patchMetadata(ref, { labels: { [LABEL]: null } });
      expectAction(await pass(harness, ctx, ref, policy), 'continue');
      await harness.removeFinalizers(ref);
      assert.equal(await harness.getObject(ref), undefined, 'deletion completes');
    },
  },
  'delete-proceeds-while-paused': {
    title: 'onDelete "proceed": the reconcile runs so its finalizer can finish, DeletionProceeding',
    async run(harness, ctx) {
      const policy = conformancePolicy({ onDelete: 'proceed' });
      const { ref } = await create(harness, { labels: { [LABEL]: '' }, finalizers: [FINALIZER] });
      await pass(harness, ctx, ref, policy);
      await harness.deleteObject(ref);
      expectAction(await pass(harness, ctx, ref, policy), 'continue');
      const message = String(conditionOf(await stored(harness, ref))?.message);
      assert.match(message, /its deletion proceeds while paused/);
      assert.deepEqual(await eventReasons(harness, ref), ['Paused', 'DeletionProceeding']);
      await harness.removeFinalizers(ref);
      assert.equal(await harness.getObject(ref), undefined, 'deletion completes');
    },
  },
  'object-gone-before-write': {
    title: 'object deleted between read and write: outcome "gone"',
    async run(harness, ctx) {
      const { ref } = await create(harness, { labels: { [LABEL]: '' } });
      const stale = await stored(harness, ref);
      await harness.deleteObject(ref);
      expectAction(await runPause(ctx.client, stale, conformancePolicy(), { now: NOW }), 'gone');
    },
  },
} satisfies Partial<Record<ScenarioId, ScenarioDefinition>>;
