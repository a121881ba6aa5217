import assert from 'node:assert/strict';
import type { ScenarioDefinition } from '../scenario.ts';
import type { ScenarioId } from '../scenario-ids.ts';
import { conformancePolicy, create, eventReasons, expectAction, LABEL, pass } from './support.ts';

/** Write and event counts: nothing in steady state, exactly one write per transition. */
export const writeScenarios = {
  'steady-state-zero-writes': {
    title: 'steady state (paused or not) makes zero writes and zero events over 5 passes',
    async run(harness, ctx) {
      const policy = conformancePolicy();
      const { ref } = await create(harness, { labels: { [LABEL]: '' } });
      await pass(harness, ctx, ref, policy);
      ctx.client.reset();
      for (let i = 0; i < 5; i++) expectAction(await pass(harness, ctx, ref, policy), 'stop');
      assert.equal(ctx.client.calls.length, 0, 'no call while paused and settled');
      await harness.patchMetadata(ref, { labels: { [LABEL]: null } });
      await pass(harness, ctx, ref, policy);
      ctx.client.reset();
      for (let i = 0; i < 5; i++) expectAction(await pass(harness, ctx, ref, policy), 'continue');
      assert.equal(ctx.client.calls.length, 0, 'no call while active and settled');
    },
  },
  'one-write-per-transition': {
    title: 'pause, resume, pause again: exactly one status write and no metadata write each',
    async run(harness, ctx) {
      const policy = conformancePolicy();
      const { ref } = await create(harness);
      for (const paused of [true, false, true]) {
        await harness.patchMetadata(ref, { labels: { [LABEL]: paused ? 'ops' : null } });
        ctx.client.reset();
        expectAction(await pass(harness, ctx, ref, policy), paused ? 'stop' : 'continue');
        assert.equal(ctx.client.count('writeCondition', true), 1, 'one status write');
        assert.equal(ctx.client.count('writeMetadata', true), 0, 'no metadata write');
        expectAction(await pass(harness, ctx, ref, policy), paused ? 'stop' : 'continue');
        assert.equal(ctx.client.count('writeCondition', true), 1, 'still one after a settled pass');
      }
    },
  },
  'events-only-on-transitions': {
    title: 'events only on transitions: Paused, Resumed, Paused across 9 passes',
    async run(harness, ctx) {
      const policy = conformancePolicy();
      const { ref } = await create(harness);
      for (const paused of [true, false, true]) {
        await harness.patchMetadata(ref, { labels: { [LABEL]: paused ? '' : null } });
        for (let i = 0; i < 3; i++) await pass(harness, ctx, ref, policy);
      }
      assert.deepEqual(await eventReasons(harness, ref), ['Paused', 'Resumed', 'Paused']);
      assert.equal(ctx.client.count('recordEvent'), 3);
    },
  },
} satisfies Partial<Record<ScenarioId, ScenarioDefinition>>;
