import assert from 'node:assert/strict';
import { PauseApiError } from '@pause/core';
import type { ScenarioDefinition } from '../scenario.ts';
import type { ScenarioId } from '../scenario-ids.ts';
import { conditionOf, create, iso, LABEL, NOW, otherCondition, stored } from './support.ts';

/** Asserts `promise` rejects with a `PauseApiError` of kind `conflict`. */
async function rejectsWithConflict(promise: Promise<unknown>, what: string): Promise<void> {
  await assert.rejects(promise, (error: unknown) => {
    assert.ok(
      PauseApiError.isInstance(error),
      `${what}: expected a PauseApiError, got ${String(error)}`,
    );
    assert.equal(error.kind, 'conflict', `${what}: expected kind "conflict"`);
    return true;
  });
}

/** The `PauseClient` port contract, checked call by call. */
export const portScenarios = {
  'read-missing-is-undefined': {
    title: 'read of an object that does not exist resolves to undefined (not an error)',
    async run(harness, ctx) {
      const { ref } = await create(harness);
      await harness.deleteObject(ref);
      const found = await ctx.client.read(ref).catch((error: unknown) => error);
      assert.equal(found, undefined, 'read of a missing object resolves undefined, never throws');
    },
  },
  'stale-metadata-write-conflicts': {
    title: 'a metadata write carrying a stale resourceVersion fails with kind "conflict"',
    async run(harness, ctx) {
      const { object, ref } = await create(harness);
      await harness.patchMetadata(ref, { annotations: { 'example.com/touched': 'yes' } });
      const write = {
        kind: 'metadata' as const,
        labels: { [LABEL]: 'late' },
        resourceVersion: String(object.metadata?.resourceVersion),
      };
      await rejectsWithConflict(ctx.client.writeMetadata(ref, write), 'writeMetadata');
      assert.equal((await stored(harness, ref)).metadata?.labels?.[LABEL], undefined);
    },
  },
  'stale-condition-write-conflicts': {
    title: 'a condition write based on a stale read fails with kind "conflict"',
    async run(harness, ctx) {
      const { object, ref } = await create(harness);
      await harness.writeOtherCondition(ref, otherCondition('True'));
      const condition = {
        ...otherCondition('True', 'late', 'Paused'),
        lastTransitionTime: iso(NOW),
      };
      await rejectsWithConflict(
        ctx.client.writeCondition(ref, object, { op: 'set', condition }),
        'writeCondition',
      );
      const after = await stored(harness, ref);
      assert.equal(conditionOf(after), undefined, 'nothing written');
      assert.equal(conditionOf(after, 'OtherReady')?.status, 'True');
    },
  },
  'writes-keep-other-half': {
    title: 'a metadata write never touches status; a status write never touches labels',
    async run(harness, ctx) {
      const { ref } = await create(harness, {
        labels: { 'example.com/team': 'a' },
        status: { conditions: [otherCondition('True')], phase: 'Running' },
      });
      const statusBefore = (await stored(harness, ref)).status;
      const afterLabel = await ctx.client.writeMetadata(ref, {
        kind: 'metadata',
        labels: { [LABEL]: 'x' },
      });
      assert.deepEqual((await stored(harness, ref)).status, statusBefore, 'status untouched');
      const condition = {
        ...otherCondition('True', 'paused', 'Paused'),
        lastTransitionTime: iso(NOW),
      };
      await ctx.client.writeCondition(ref, afterLabel, { op: 'set', condition });
      const after = await stored(harness, ref);
      assert.deepEqual(after.metadata?.labels, { 'example.com/team': 'a', [LABEL]: 'x' });
      assert.equal((after.status as { phase?: string }).phase, 'Running');
      assert.equal(conditionOf(after, 'OtherReady')?.status, 'True');
      assert.equal(conditionOf(after)?.message, 'paused');
    },
  },
} satisfies Partial<Record<ScenarioId, ScenarioDefinition>>;
