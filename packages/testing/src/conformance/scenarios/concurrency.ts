import assert from 'node:assert/strict';
import { runPause } from '@pause/core';
import type { ScenarioDefinition } from '../scenario.ts';
import type { ScenarioId } from '../scenario-ids.ts';
import {
  conditionOf,
  conformancePolicy,
  create,
  expectAction,
  LABEL,
  NOW,
  otherCondition,
  stored,
} from './support.ts';

const ROUNDS = 20;

/** Another controller writes its condition between our read and our write: it is never lost. */
export const concurrencyScenarios = {
  'concurrent-writer-condition-kept': {
    title: "another writer's condition written between our read and our pause write is kept",
    async run(harness, ctx) {
      const { ref } = await create(harness, { labels: { [LABEL]: '' } });
      const stale = await stored(harness, ref);
      await harness.writeOtherCondition(ref, otherCondition('True'));
      expectAction(await runPause(ctx.client, stale, conformancePolicy(), { now: NOW }), 'stop');
      const after = await stored(harness, ref);
      assert.equal(conditionOf(after)?.status, 'True', 'Paused written');
      assert.equal(conditionOf(after, 'OtherReady')?.status, 'True', 'OtherReady kept');
    },
  },
  'concurrent-writer-on-resume': {
    title: "another writer's condition written between our read and our resume write is kept",
    async run(harness, ctx) {
      const policy = conformancePolicy();
      const { ref } = await create(harness, { labels: { [LABEL]: '' } });
      await runPause(ctx.client, await stored(harness, ref), policy, { now: NOW });
      await harness.patchMetadata(ref, { labels: { [LABEL]: null } });
      const stale = await stored(harness, ref);
      await harness.writeOtherCondition(ref, otherCondition('False'));
      expectAction(await runPause(ctx.client, stale, policy, { now: NOW }), 'continue');
      const after = await stored(harness, ref);
      assert.equal(conditionOf(after), undefined, 'Paused removed');
      assert.equal(conditionOf(after, 'OtherReady')?.status, 'False', 'OtherReady kept');
    },
  },
  'concurrent-writer-loop': {
    title: `${ROUNDS} interleavings of pause/resume with another writer: nothing is ever lost`,
    async run(harness, ctx) {
      const policy = conformancePolicy();
      const { ref } = await create(harness);
      for (let round = 0; round < ROUNDS; round++) {
        const paused = round % 2 === 0;
        await harness.patchMetadata(ref, { labels: { [LABEL]: paused ? 'ops' : null } });
        const stale = await stored(harness, ref);
        const other = otherCondition(paused ? 'True' : 'False', `round ${round}`);
        await harness.writeOtherCondition(ref, other);
        const outcome = await runPause(ctx.client, stale, policy, { now: NOW + round * 1000 });
        expectAction(outcome, paused ? 'stop' : 'continue');
        const after = await stored(harness, ref);
        const otherStored = conditionOf(after, 'OtherReady');
        assert.equal(otherStored?.message, `round ${round}`, `round ${round}: OtherReady kept`);
        assert.equal(otherStored?.status, other.status, `round ${round}: OtherReady status`);
        assert.equal(
          conditionOf(after)?.status,
          paused ? 'True' : undefined,
          `round ${round}: Paused follows the label`,
        );
      }
    },
  },
} satisfies Partial<Record<ScenarioId, ScenarioDefinition>>;
