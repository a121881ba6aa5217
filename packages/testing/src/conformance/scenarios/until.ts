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
  iso,
  LABEL,
  NOW,
  pass,
  REASON_ANNOTATION,
  stored,
  UNTIL_ANNOTATION,
} from './support.ts';

const HOUR = 3_600_000;

/** Expiry: an `until` annotation lifts the pause by itself, and only the pause it was set on. */
export const untilScenarios = {
  'until-pending-requeues': {
    title: 'until in the future: stop, requeue after exactly the time left, message says when',
    async run(harness, ctx) {
      const until = iso(NOW + HOUR);
      const { ref } = await create(harness, {
        labels: { [LABEL]: '' },
        annotations: { [UNTIL_ANNOTATION]: until },
      });
      const outcome = await pass(harness, ctx, ref, conformancePolicy());
      expectAction(outcome, 'stop');
      assert.equal(outcome.requeueAfterMs, HOUR);
      assert.ok(String(conditionOf(await stored(harness, ref))?.message).includes(until));
    },
  },
  'until-expiry-lifts-pause': {
    title:
      'until reached: label and annotations removed, condition removed, PauseExpired, continue',
    async run(harness, ctx) {
      const policy = conformancePolicy();
      const { ref } = await create(harness, {
        labels: { [LABEL]: 'alice' },
        annotations: { [UNTIL_ANNOTATION]: iso(NOW + HOUR), [REASON_ANNOTATION]: 'load test' },
      });
      expectAction(await pass(harness, ctx, ref, policy), 'stop');
      ctx.client.reset();
      expectAction(await pass(harness, ctx, ref, policy, NOW + HOUR), 'continue');
      const after = await stored(harness, ref);
      assert.equal(after.metadata?.labels?.[LABEL], undefined, 'label removed');
      assert.equal(after.metadata?.annotations?.[UNTIL_ANNOTATION], undefined, 'until removed');
      assert.equal(after.metadata?.annotations?.[REASON_ANNOTATION], undefined, 'reason removed');
      assert.equal(conditionOf(after), undefined, 'Paused removed');
      assert.deepEqual(
        ctx.client.calls.filter((c) => c.error === undefined).map((c) => c.operation),
        ['writeMetadata', 'writeCondition', 'recordEvent'],
      );
      assert.deepEqual(await eventReasons(harness, ref), ['Paused', 'PauseExpired']);
      ctx.client.reset();
      expectAction(await pass(harness, ctx, ref, policy, NOW + 2 * HOUR), 'continue');
      assert.equal(ctx.client.calls.length, 0, 'settled after expiry');
    },
  },
  'stale-expiry-keeps-renewed-pause': {
    title: 'expiry decided on a stale copy never lifts a pause the user renewed meanwhile',
    async run(harness, ctx) {
      const policy = conformancePolicy();
      const { ref } = await create(harness, {
        labels: { [LABEL]: 'alice' },
        annotations: { [UNTIL_ANNOTATION]: iso(NOW + HOUR) },
      });
      await pass(harness, ctx, ref, policy);
      const stale = await stored(harness, ref);
      const renewed = iso(NOW + 5 * HOUR);
      await harness.patchMetadata(ref, { annotations: { [UNTIL_ANNOTATION]: renewed } });
      const outcome = await runPause(ctx.client, stale, policy, { now: NOW + HOUR });
      expectAction(outcome, 'stop');
      const after = await stored(harness, ref);
      assert.equal(after.metadata?.labels?.[LABEL], 'alice', 'the renewed pause stays');
      assert.equal(after.metadata?.annotations?.[UNTIL_ANNOTATION], renewed);
      assert.equal(conditionOf(after)?.status, 'True');
    },
  },
} satisfies Partial<Record<ScenarioId, ScenarioDefinition>>;
