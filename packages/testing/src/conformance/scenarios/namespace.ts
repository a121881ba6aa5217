import assert from 'node:assert/strict';
import { type KubeObject, type ObjectRef, type PauseOutcome, runPause } from '@pause/core';
import type { ConformanceHarness } from '../harness.ts';
import type { ScenarioContext, ScenarioDefinition } from '../scenario.ts';
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
  otherCondition,
  REASON_ANNOTATION,
  stored,
  UNTIL_ANNOTATION,
} from './support.ts';

/** The Namespace label of the namespace scenarios. */
const NAMESPACE_LABEL = 'conformance.pause.dev/namespace-paused';
const policy = () => conformancePolicy({ namespaceLabelKey: NAMESPACE_LABEL });

/**
 * The object's Namespace as a controller would pass it to `runPause` (from its cache): paused
 * when `paused`, with the given annotations. The real Namespace is never changed, so other
 * tests sharing it are not affected.
 */
function namespaceOf(
  object: KubeObject,
  paused: boolean,
  annotations: Record<string, string> = {},
): KubeObject {
  return {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: {
      name: object.metadata?.namespace ?? 'default',
      labels: paused ? { [NAMESPACE_LABEL]: 'true' } : {},
      annotations,
    },
  };
}

/** One pause pass over the stored object with its Namespace paused (or not). */
async function passIn(
  harness: ConformanceHarness,
  ctx: ScenarioContext,
  ref: ObjectRef,
  paused: boolean,
  annotations?: Record<string, string>,
  now = NOW,
): Promise<PauseOutcome> {
  const object = await stored(harness, ref);
  return runPause(ctx.client, object, policy(), {
    now,
    namespace: namespaceOf(object, paused, annotations),
  });
}

/**
 * For a cluster-scoped resource (no namespace): a paused "Namespace" is ignored, no write.
 * Returns true when `ref` is cluster-scoped and the scenario has nothing more to prove.
 */
async function ignoredWhenClusterScoped(
  harness: ConformanceHarness,
  ctx: ScenarioContext,
  ref: ObjectRef,
): Promise<boolean> {
  if (ref.namespace) return false;
  expectAction(await passIn(harness, ctx, ref, true), 'continue');
  assert.equal(ctx.client.calls.filter((call) => call.operation.startsWith('write')).length, 0);
  assert.equal(conditionOf(await stored(harness, ref)), undefined);
  return true;
}

function conditionWrites(ctx: ScenarioContext): number {
  return ctx.client.calls.filter((call) => call.operation === 'writeCondition').length;
}

/** A pause label on the Namespace pauses every unlabelled object in it (`namespaceLabelKey`). */
export const namespaceScenarios = {
  'namespace-pause-pauses-unlabelled': {
    title:
      'a paused Namespace pauses an unlabelled object: PausedByNamespace, one condition write, its Event',
    async run(harness, ctx) {
      const { ref } = await create(harness);
      if (await ignoredWhenClusterScoped(harness, ctx, ref)) return;
      const until = iso(NOW + 3_600_000);
      const outcome = await passIn(harness, ctx, ref, true, {
        [REASON_ANNOTATION]: 'tenant migration',
        [UNTIL_ANNOTATION]: until,
      });
      expectAction(outcome, 'stop');
      assert.equal(outcome.requeueAfterMs, 3_600_000, "looked at again at the Namespace's until");
      const after = await stored(harness, ref);
      const paused = conditionOf(after);
      assert.equal(paused?.status, 'True');
      assert.equal(paused?.reason, 'PausedByNamespace');
      const message = String(paused?.message);
      assert.ok(message.includes(`namespace "${ref.namespace}"`), message);
      assert.ok(message.includes('tenant migration'), message);
      assert.ok(message.includes(until), message);
      assert.equal(after.metadata?.labels?.[LABEL], undefined, 'the object is never labelled');
      assert.equal(conditionWrites(ctx), 1);
      assert.deepEqual(await eventReasons(harness, ref), ['PausedByNamespace']);
    },
  },
  'namespace-pause-steady-and-resume': {
    title:
      'under a paused Namespace steady state writes nothing; the Namespace resumed: condition removed, Resumed',
    async run(harness, ctx) {
      const { ref } = await create(harness);
      if (await ignoredWhenClusterScoped(harness, ctx, ref)) return;
      expectAction(await passIn(harness, ctx, ref, true), 'stop');
      expectAction(await passIn(harness, ctx, ref, true, {}, NOW + 60_000), 'stop');
      assert.equal(conditionWrites(ctx), 1, 'no write in steady state');
      expectAction(await passIn(harness, ctx, ref, false), 'continue');
      assert.equal(conditionOf(await stored(harness, ref)), undefined, 'Paused removed');
      assert.equal(conditionWrites(ctx), 2, 'one write per transition');
      assert.deepEqual(await eventReasons(harness, ref), ['PausedByNamespace', 'Resumed']);
    },
  },
  'namespace-object-label-wins': {
    title:
      "an object's own label wins over its Namespace and keeps it paused after the Namespace resumes",
    async run(harness, ctx) {
      const { ref } = await create(harness, { labels: { [LABEL]: 'alice' } });
      expectAction(await passIn(harness, ctx, ref, true), 'stop');
      assert.equal(conditionOf(await stored(harness, ref))?.reason, 'PausedByLabel');
      expectAction(await passIn(harness, ctx, ref, false), 'stop');
      assert.equal(conditionOf(await stored(harness, ref))?.reason, 'PausedByLabel');
      assert.equal(conditionWrites(ctx), 1);
      await harness.patchMetadata(ref, { labels: { [LABEL]: null } });
      if (!ref.namespace) {
        // Cluster-scoped: no Namespace can pause it; the label gone, it resumes.
        expectAction(await passIn(harness, ctx, ref, true), 'continue');
        assert.deepEqual(await eventReasons(harness, ref), ['Paused', 'Resumed']);
        return;
      }
      expectAction(await passIn(harness, ctx, ref, true), 'stop');
      assert.equal(conditionOf(await stored(harness, ref))?.reason, 'PausedByNamespace');
      assert.deepEqual(await eventReasons(harness, ref), ['Paused', 'PausedByNamespace']);
    },
  },
  'namespace-pause-takes-over-expired-pause': {
    title:
      'an own pause expiring under a paused Namespace: label removed, PausedByNamespace, no reconcile',
    async run(harness, ctx) {
      const { ref } = await create(harness, {
        labels: { [LABEL]: 'alice' },
        annotations: { [UNTIL_ANNOTATION]: iso(NOW - 60_000) },
      });
      if (!ref.namespace) {
        // Cluster-scoped: no Namespace can pause it; the expired pause lifts.
        expectAction(await passIn(harness, ctx, ref, true), 'continue');
        return;
      }
      expectAction(await passIn(harness, ctx, ref, true), 'stop');
      const after = await stored(harness, ref);
      assert.equal(after.metadata?.labels?.[LABEL], undefined, 'the expired label removed');
      assert.equal(after.metadata?.annotations?.[UNTIL_ANNOTATION], undefined);
      assert.equal(conditionOf(after)?.reason, 'PausedByNamespace');
      assert.equal(conditionWrites(ctx), 1, 'one condition write');
      assert.deepEqual(await eventReasons(harness, ref), ['PauseExpired', 'PausedByNamespace']);
    },
  },
  'namespace-pause-keeps-other-conditions': {
    title: "a Namespace pause and resume never erase another writer's condition written meanwhile",
    async run(harness, ctx) {
      const { ref } = await create(harness);
      if (await ignoredWhenClusterScoped(harness, ctx, ref)) return;
      const stale = await stored(harness, ref);
      await harness.writeOtherCondition(ref, otherCondition('True'));
      const paused = await runPause(ctx.client, stale, policy(), {
        now: NOW,
        namespace: namespaceOf(stale, true),
      });
      expectAction(paused, 'stop');
      const between = await stored(harness, ref);
      assert.equal(conditionOf(between)?.reason, 'PausedByNamespace');
      assert.equal(conditionOf(between, 'OtherReady')?.status, 'True', 'OtherReady kept');
      await harness.writeOtherCondition(ref, otherCondition('False', 'changed meanwhile'));
      const resumed = await runPause(ctx.client, between, policy(), {
        now: NOW,
        namespace: namespaceOf(between, false),
      });
      expectAction(resumed, 'continue');
      const after = await stored(harness, ref);
      assert.equal(conditionOf(after), undefined, 'Paused removed');
      assert.equal(conditionOf(after, 'OtherReady')?.message, 'changed meanwhile');
    },
  },
} satisfies Partial<Record<ScenarioId, ScenarioDefinition>>;
