import assert from 'node:assert/strict';
import type { ScenarioDefinition } from '../scenario.ts';
import type { ScenarioId } from '../scenario-ids.ts';
import {
  conditionOf,
  conditionTypes,
  conformancePolicy,
  create,
  eventReasons,
  expectAction,
  LABEL,
  otherCondition,
  pass,
  stored,
} from './support.ts';

/** Rows of the original's behaviour table (DESIGN.md §1), with the fixes the core makes. */
export const behaviourScenarios = {
  'label-present-sets-paused-condition': {
    title: 'label present, no condition: Paused=True (PausedByLabel), one status write, stop',
    async run(harness, ctx) {
      const policy = conformancePolicy();
      const { object, ref } = await create(harness, { labels: { [LABEL]: '' } });
      const outcome = await pass(harness, ctx, ref, policy);
      expectAction(outcome, 'stop');
      const paused = conditionOf(await stored(harness, ref));
      assert.equal(paused?.status, 'True');
      assert.equal(paused?.reason, 'PausedByLabel');
      assert.ok(String(paused?.message).includes(LABEL), 'the message names the label');
      assert.equal(paused?.observedGeneration, object.metadata?.generation);
      assert.equal(ctx.client.count('writeCondition'), 1, 'exactly one status write');
      assert.equal(ctx.client.count('writeMetadata'), 0, 'no metadata write');
      assert.deepEqual(await eventReasons(harness, ref), ['Paused']);
    },
  },
  'label-any-value-pauses': {
    title: 'any label value pauses, even "" and "false"',
    async run(harness, ctx) {
      const policy = conformancePolicy();
      for (const value of ['', 'false', 'no']) {
        const { ref } = await create(harness, { labels: { [LABEL]: value } });
        expectAction(await pass(harness, ctx, ref, policy), 'stop');
        assert.equal(conditionOf(await stored(harness, ref))?.status, 'True', `label "${value}"`);
      }
    },
  },
  'unlabelled-no-condition-no-writes': {
    title: 'label absent, no condition: no write, no event, continue',
    async run(harness, ctx) {
      const { ref } = await create(harness);
      expectAction(await pass(harness, ctx, ref, conformancePolicy()), 'continue');
      assert.deepEqual(
        ctx.client.calls.map((call) => call.operation),
        [],
        'no call through the adapter',
      );
      assert.equal(conditionOf(await stored(harness, ref)), undefined);
    },
  },
  'label-removed-removes-condition': {
    title: 'label removed: the condition is removed (one status write), Resumed, continue',
    async run(harness, ctx) {
      const policy = conformancePolicy();
      const { ref } = await create(harness, { labels: { [LABEL]: 'ops' } });
      expectAction(await pass(harness, ctx, ref, policy), 'stop');
      await harness.patchMetadata(ref, { labels: { [LABEL]: null } });
      ctx.client.reset();
      expectAction(await pass(harness, ctx, ref, policy), 'continue');
      assert.equal(conditionOf(await stored(harness, ref)), undefined, 'Paused removed');
      assert.equal(ctx.client.count('writeCondition'), 1, 'exactly one status write');
      assert.deepEqual(await eventReasons(harness, ref), ['Paused', 'Resumed']);
    },
  },
  'resume-set-false-keeps-false-condition': {
    title: 'onResume "set-false": Paused=False (NotPaused) stays, then no more writes',
    async run(harness, ctx) {
      const policy = conformancePolicy({ onResume: 'set-false' });
      const { ref } = await create(harness, { labels: { [LABEL]: 'ops' } });
      await pass(harness, ctx, ref, policy);
      await harness.patchMetadata(ref, { labels: { [LABEL]: null } });
      expectAction(await pass(harness, ctx, ref, policy), 'continue');
      const paused = conditionOf(await stored(harness, ref));
      assert.equal(paused?.status, 'False');
      assert.equal(paused?.reason, 'NotPaused');
      ctx.client.reset();
      expectAction(await pass(harness, ctx, ref, policy), 'continue');
      assert.equal(ctx.client.writes, 0, 'no write once Paused=False is stored');
    },
  },
  'other-conditions-untouched': {
    title: "pause and resume leave other controllers' conditions as they were, in order",
    async run(harness, ctx) {
      const policy = conformancePolicy();
      const ready = otherCondition('True', 'ready', 'Ready');
      const synced = otherCondition('False', 'syncing', 'Synced');
      const { ref } = await create(harness, {
        labels: { [LABEL]: '' },
        status: { conditions: [ready, synced] },
      });
      await pass(harness, ctx, ref, policy);
      assert.deepEqual(conditionTypes(await stored(harness, ref)), ['Ready', 'Synced', 'Paused']);
      await harness.patchMetadata(ref, { labels: { [LABEL]: null } });
      await pass(harness, ctx, ref, policy);
      const after = await stored(harness, ref);
      assert.deepEqual(conditionTypes(after), ['Ready', 'Synced']);
      assert.deepEqual(conditionOf(after, 'Ready'), ready);
      assert.deepEqual(conditionOf(after, 'Synced'), synced);
    },
  },
  'spec-change-refreshes-observed-generation': {
    title: 'spec change while paused: one status write with the new observedGeneration, no event',
    async run(harness, ctx) {
      const policy = conformancePolicy();
      const { object, ref } = await create(harness, { labels: { [LABEL]: '' } });
      await pass(harness, ctx, ref, policy);
      await harness.patchSpec(ref, { size: 42 });
      const generation = (await stored(harness, ref)).metadata?.generation ?? 0;
      assert.ok(generation > (object.metadata?.generation ?? 0), 'a spec change bumps generation');
      ctx.client.reset();
      expectAction(await pass(harness, ctx, ref, policy), 'stop');
      assert.equal(conditionOf(await stored(harness, ref))?.observedGeneration, generation);
      assert.equal(ctx.client.count('writeCondition'), 1, 'exactly one status write');
      assert.equal(ctx.client.count('recordEvent'), 0, 'no event: not a transition');
    },
  },
  'malformed-conditions-never-written': {
    title: 'status.conditions not a list: no status write, a warning, the data left as is',
    async run(harness, ctx) {
      const { ref } = await create(harness, {
        labels: { [LABEL]: '' },
        status: { conditions: { not: 'a list' } },
      });
      const outcome = await pass(harness, ctx, ref, conformancePolicy());
      expectAction(outcome, 'stop');
      assert.ok(outcome.warnings.some((warning) => warning.code === 'CONDITION_WRITE_UNSAFE'));
      assert.equal(ctx.client.count('writeCondition', true), 0, 'no status write attempted');
      const status = (await stored(harness, ref)).status as { conditions?: unknown };
      assert.deepEqual(status.conditions, { not: 'a list' });
    },
  },
} satisfies Partial<Record<ScenarioId, ScenarioDefinition>>;
