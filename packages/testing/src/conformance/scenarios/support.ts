import assert from 'node:assert/strict';
import {
  type Condition,
  createPausePolicy,
  type KubeObject,
  type ObjectRef,
  type PauseOutcome,
  type PausePolicy,
  type PausePolicyOptions,
  runPause,
} from '@pause/core';
import { refOf } from '@pause/core/adapter';
import type { ConformanceHarness } from '../harness.ts';
import type { ScenarioContext } from '../scenario.ts';

/** The pause label every scenario uses. */
export const LABEL = 'conformance.pause.dev/paused';
/** The annotation holding the user's reason. */
export const REASON_ANNOTATION = 'conformance.pause.dev/reason';
/** The annotation holding the `until` time. */
export const UNTIL_ANNOTATION = 'conformance.pause.dev/until';
/** The controller's owner id (label value of a self-pause). */
export const OWNER_ID = 'conformance-controller';
/** A finalizer for the deletion scenarios. */
export const FINALIZER = 'conformance.pause.dev/finalizer';
/** The fixed time every scenario runs at (no real clock). */
export const NOW = Date.parse('2026-01-01T00:00:00.000Z');

/** The policy of the scenarios, with `overrides`. */
export function conformancePolicy(overrides: Partial<PausePolicyOptions> = {}): PausePolicy {
  return createPausePolicy({
    labelKey: LABEL,
    reasonAnnotation: REASON_ANNOTATION,
    untilAnnotation: UNTIL_ANNOTATION,
    ownerId: OWNER_ID,
    ...overrides,
  });
}

/** RFC 3339 text of epoch milliseconds, without fractions (as users write it). */
export function iso(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}

/** The object as stored; throws when it is gone. */
export async function stored(harness: ConformanceHarness, ref: ObjectRef): Promise<KubeObject> {
  const object = await harness.getObject(ref);
  if (object === undefined) throw new Error(`${ref.kind} ${ref.name} is gone, expected it stored`);
  return object;
}

/** One pause pass as a controller would run it: the stored object through `runPause`. */
export async function pass(
  harness: ConformanceHarness,
  context: ScenarioContext,
  ref: ObjectRef,
  policy: PausePolicy,
  now: number = NOW,
): Promise<PauseOutcome> {
  return runPause(context.client, await stored(harness, ref), policy, { now });
}

/** Create an object and return it with its ref. */
export async function create(
  harness: ConformanceHarness,
  init: Parameters<ConformanceHarness['createObject']>[0] = {},
): Promise<{ object: KubeObject; ref: ObjectRef }> {
  const object = await harness.createObject(init);
  return { object, ref: refOf(object) };
}

/** The entries of `status.conditions`, or `[]`. */
export function conditionsOf(object: KubeObject | undefined): Partial<Condition>[] {
  const status = object?.status as { conditions?: unknown } | undefined;
  return Array.isArray(status?.conditions) ? (status.conditions as Partial<Condition>[]) : [];
}

/** The condition of `type` (default `Paused`), or `undefined`. */
export function conditionOf(
  object: KubeObject | undefined,
  type = 'Paused',
): Partial<Condition> | undefined {
  return conditionsOf(object).find((entry) => entry.type === type);
}

/** Types of the stored conditions, in order. */
export function conditionTypes(object: KubeObject | undefined): string[] {
  return conditionsOf(object).map((entry) => String(entry.type));
}

/** Another controller's condition (`OtherReady` by default). */
export function otherCondition(
  status: 'True' | 'False',
  message = 'set by another controller',
  type = 'OtherReady',
): Condition {
  return {
    type,
    status,
    reason: status === 'True' ? 'AllGood' : 'NotYet',
    message,
    lastTransitionTime: iso(NOW - 60_000),
  };
}

/** Reasons of the events recorded about `ref` (read through the harness). */
export async function eventReasons(harness: ConformanceHarness, ref: ObjectRef): Promise<string[]> {
  return (await harness.listEvents(ref)).map((event) => event.reason);
}

/** Asserts the outcome's `action` (with the error in the message when it requeued). */
export function expectAction<A extends PauseOutcome['action']>(
  outcome: PauseOutcome,
  action: A,
): asserts outcome is Extract<PauseOutcome, { action: A }> {
  const detail = outcome.action === 'requeue' ? ` (${outcome.error.message})` : '';
  assert.equal(
    outcome.action,
    action,
    `expected outcome "${action}", got "${outcome.action}"${detail}`,
  );
}
