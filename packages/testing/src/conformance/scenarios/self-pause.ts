import assert from 'node:assert/strict';
import { runSelfPause } from '@pause/core';
import type { ScenarioDefinition } from '../scenario.ts';
import type { ScenarioId } from '../scenario-ids.ts';
import {
  conditionOf,
  conformancePolicy,
  create,
  eventReasons,
  expectAction,
  LABEL,
  NOW,
  OWNER_ID,
  pass,
  REASON_ANNOTATION,
  stored,
} from './support.ts';

const CAUSE = { reason: 'JobFailed', message: 'the migration job failed twice' };

/** Self-pause (label first) and the reason: from the label value and the user's annotation. */
export const selfPauseScenarios = {
  'self-pause-label-first': {
    title: 'self-pause writes the label (value = owner id) first, then Paused (PausedByController)',
    async run(harness, ctx) {
      const policy = conformancePolicy();
      const { object, ref } = await create(harness);
      const outcome = await runSelfPause(ctx.client, object, policy, CAUSE, { now: NOW });
      expectAction(outcome, 'stop');
      const writes = ctx.client.calls.filter((call) => call.operation.startsWith('write'));
      assert.deepEqual(
        writes.map((call) => call.operation),
        ['writeMetadata', 'writeCondition'],
        'label first, then the condition',
      );
      const after = await stored(harness, ref);
      assert.equal(after.metadata?.labels?.[LABEL], OWNER_ID);
      assert.ok(String(after.metadata?.annotations?.[REASON_ANNOTATION]).includes(CAUSE.message));
      assert.equal(conditionOf(after)?.reason, 'PausedByController');
      assert.ok(String(conditionOf(after)?.message).includes(CAUSE.message));
      assert.deepEqual(await eventReasons(harness, ref), ['PausedByController']);
    },
  },
  'self-pause-survives-condition-failure': {
    title: 'self-pause whose status write fails stays paused; the next pass completes it',
    needsFaults: true,
    async run(harness, ctx) {
      const policy = conformancePolicy();
      const { object, ref } = await create(harness);
      harness.faults?.failNext('writeCondition', { kind: 'status', statusCode: 500 });
      const outcome = await runSelfPause(ctx.client, object, policy, CAUSE, { now: NOW });
      expectAction(outcome, 'requeue');
      const between = await stored(harness, ref);
      assert.equal(between.metadata?.labels?.[LABEL], OWNER_ID, 'the label was written');
      assert.equal(conditionOf(between), undefined, 'the status write failed');
      expectAction(await pass(harness, ctx, ref, policy), 'stop');
      const after = await stored(harness, ref);
      assert.equal(conditionOf(after)?.status, 'True');
      assert.equal(conditionOf(after)?.reason, 'PausedByController');
      assert.ok(String(conditionOf(after)?.message).includes(CAUSE.message));
    },
  },
  'reason-from-label-value': {
    title:
      'the reason comes from the label value: owner id = PausedByController, else PausedByLabel',
    async run(harness, ctx) {
      const policy = conformancePolicy();
      const { ref } = await create(harness, { labels: { [LABEL]: 'alice' } });
      expectAction(await pass(harness, ctx, ref, policy), 'stop');
      assert.equal(conditionOf(await stored(harness, ref))?.reason, 'PausedByLabel');
      await harness.patchMetadata(ref, { labels: { [LABEL]: OWNER_ID } });
      expectAction(await pass(harness, ctx, ref, policy), 'stop');
      assert.equal(conditionOf(await stored(harness, ref))?.reason, 'PausedByController');
      assert.deepEqual(await eventReasons(harness, ref), ['Paused', 'PausedByController']);
    },
  },
  'reason-annotation-in-message': {
    title: "the user's reason annotation shows in the message and follows its edits",
    async run(harness, ctx) {
      const policy = conformancePolicy();
      const { ref } = await create(harness, {
        labels: { [LABEL]: 'alice' },
        annotations: { [REASON_ANNOTATION]: 'database migration in progress' },
      });
      await pass(harness, ctx, ref, policy);
      assert.ok(
        String(conditionOf(await stored(harness, ref))?.message).includes(
          'database migration in progress',
        ),
      );
      await harness.patchMetadata(ref, { annotations: { [REASON_ANNOTATION]: 'waiting for QA' } });
      ctx.client.reset();
      expectAction(await pass(harness, ctx, ref, policy), 'stop');
      assert.ok(
        String(conditionOf(await stored(harness, ref))?.message).includes('waiting for QA'),
      );
      assert.equal(ctx.client.count('writeCondition'), 1, 'one status write');
      assert.equal(ctx.client.count('recordEvent'), 0, 'same pause, no new event');
    },
  },
} satisfies Partial<Record<ScenarioId, ScenarioDefinition>>;
