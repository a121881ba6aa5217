import assert from 'node:assert/strict';
import type { ApiFailureKind } from '@pause/core';
import type { ConformanceHarness, FaultTarget, InjectedFault } from '../harness.ts';
import type { ScenarioContext, ScenarioDefinition } from '../scenario.ts';
import type { ScenarioId } from '../scenario-ids.ts';
import {
  conditionOf,
  conformancePolicy,
  create,
  expectAction,
  iso,
  LABEL,
  NOW,
  pass,
  stored,
  UNTIL_ANNOTATION,
} from './support.ts';

function faultsOf(harness: ConformanceHarness) {
  if (!harness.faults) throw new Error('this scenario needs harness.faults');
  return harness.faults;
}

/**
 * A pause write meets `fault`: the pass must requeue with the error classified as `kind`,
 * with `retryAfterMs` only when the server sent `Retry-After`, and nothing half-written.
 */
function requeuesOn(
  fault: InjectedFault,
  kind: ApiFailureKind,
  retryAfterMs?: number,
  target: FaultTarget = 'writeCondition',
): ScenarioDefinition['run'] {
  return async (harness: ConformanceHarness, ctx: ScenarioContext) => {
    const { ref } = await create(harness, { labels: { [LABEL]: '' } });
    faultsOf(harness).failNext(target, fault);
    const outcome = await pass(harness, ctx, ref, conformancePolicy());
    expectAction(outcome, 'requeue');
    assert.equal(outcome.error.kind, kind);
    assert.equal(outcome.retryAfterMs, retryAfterMs);
    assert.equal(conditionOf(await stored(harness, ref)), undefined, 'nothing written');
    assert.equal(ctx.client.count('recordEvent', true), 0, 'no event for a failed transition');
  };
}

/** Every error class maps to the right outcome: stop, requeue after Retry-After, back off, gone. */
export const errorScenarios = {
  'error-forbidden-requeues': {
    title: '403 on the status write: requeue (kind "forbidden"), backoff, nothing written',
    needsFaults: true,
    run: requeuesOn({ kind: 'status', statusCode: 403 }, 'forbidden'),
  },
  'error-not-found-is-gone': {
    title: '404 on the status write: outcome "gone"',
    needsFaults: true,
    async run(harness, ctx) {
      const { ref } = await create(harness, { labels: { [LABEL]: '' } });
      faultsOf(harness).failNext('writeCondition', { kind: 'status', statusCode: 404 });
      expectAction(await pass(harness, ctx, ref, conformancePolicy()), 'gone');
    },
  },
  'error-conflict-rereads-and-retries': {
    title: '409 once: re-read, decide again, write once more, stop',
    needsFaults: true,
    async run(harness, ctx) {
      const { ref } = await create(harness, { labels: { [LABEL]: '' } });
      faultsOf(harness).failNext('writeCondition', { kind: 'status', statusCode: 409 });
      expectAction(await pass(harness, ctx, ref, conformancePolicy()), 'stop');
      assert.equal(ctx.client.count('read'), 1, 'one re-read');
      assert.equal(ctx.client.count('writeCondition', true), 2, 'one failed, one good write');
      assert.equal(conditionOf(await stored(harness, ref))?.status, 'True');
    },
  },
  'error-conflict-exhausted-requeues': {
    title: '409 on every attempt: requeue (kind "conflict") after a bounded number of retries',
    needsFaults: true,
    async run(harness, ctx) {
      const { ref } = await create(harness, { labels: { [LABEL]: '' } });
      faultsOf(harness).failNext('writeCondition', { kind: 'status', statusCode: 409 }, 100);
      const outcome = await pass(harness, ctx, ref, conformancePolicy());
      faultsOf(harness).clear();
      expectAction(outcome, 'requeue');
      assert.equal(outcome.error.kind, 'conflict');
      assert.equal(ctx.client.count('writeCondition', true), 6, 'first try + 5 retries');
    },
  },
  'error-invalid-requeues': {
    title: '422 (not a failed test): requeue (kind "invalid")',
    needsFaults: true,
    run: requeuesOn({ kind: 'status', statusCode: 422 }, 'invalid'),
  },
  'error-throttled-honours-retry-after': {
    title: '429 with Retry-After: 7: requeue after 7000 ms (kind "throttled")',
    needsFaults: true,
    run: requeuesOn({ kind: 'status', statusCode: 429, retryAfterSeconds: 7 }, 'throttled', 7000),
  },
  'error-server-backs-off': {
    title: '500: requeue (kind "server") with no Retry-After: the caller backs off',
    needsFaults: true,
    run: requeuesOn({ kind: 'status', statusCode: 500 }, 'server'),
  },
  'error-network-backs-off': {
    title: 'network error (no answer): requeue (kind "network"), the caller backs off',
    needsFaults: true,
    run: requeuesOn({ kind: 'network' }, 'network'),
  },
  'error-event-failure-is-warning': {
    title: 'a failed event is a warning, never a failed pass: the pause stands',
    needsFaults: true,
    async run(harness, ctx) {
      const { ref } = await create(harness, { labels: { [LABEL]: '' } });
      faultsOf(harness).failNext('recordEvent', { kind: 'status', statusCode: 500 });
      const outcome = await pass(harness, ctx, ref, conformancePolicy());
      expectAction(outcome, 'stop');
      assert.ok(outcome.warnings.some((warning) => warning.code === 'EVENT_FAILED'));
      assert.equal(conditionOf(await stored(harness, ref))?.status, 'True');
    },
  },
  'error-metadata-write-failure-keeps-pause': {
    title: 'expiry whose label removal fails: requeue, the pause and its condition stay intact',
    needsFaults: true,
    async run(harness, ctx) {
      const policy = conformancePolicy();
      const { ref } = await create(harness, {
        labels: { [LABEL]: '' },
        annotations: { [UNTIL_ANNOTATION]: iso(NOW + 1000) },
      });
      expectAction(await pass(harness, ctx, ref, policy), 'stop');
      faultsOf(harness).failNext('writeMetadata', {
        kind: 'status',
        statusCode: 503,
        retryAfterSeconds: 2,
      });
      const outcome = await pass(harness, ctx, ref, policy, NOW + 1000);
      expectAction(outcome, 'requeue');
      assert.equal(outcome.retryAfterMs, 2000);
      const between = await stored(harness, ref);
      assert.equal(between.metadata?.labels?.[LABEL], '', 'label kept');
      assert.equal(conditionOf(between)?.status, 'True', 'condition untouched');
      expectAction(await pass(harness, ctx, ref, policy, NOW + 1000), 'continue');
      assert.equal((await stored(harness, ref)).metadata?.labels?.[LABEL], undefined);
    },
  },
} satisfies Partial<Record<ScenarioId, ScenarioDefinition>>;
