import fc from 'fast-check';
import jsonpatch from 'fast-json-patch';
import { describe, expect, it } from 'vitest';
import { LABEL, NOW, OWNER } from '../test/fixtures.ts';
import { applyWrites } from './apply-writes.ts';
import { conditionJsonPatch } from './condition-patch.ts';
import { decide } from './decide.ts';
import type { KubeObject } from './kube-object.ts';
import { createPausePolicy } from './policy.ts';
import { conditionReasonProblem, formatRfc3339, MAX_CONDITION_MESSAGE } from './validation.ts';

const REASON = 'example.com/pause-reason';
const UNTIL = 'example.com/pause-until';
const HOUR = 3_600_000;

const arbPolicy = fc
  .record({
    onDelete: fc.constantFrom('block' as const, 'proceed' as const),
    onResume: fc.constantFrom('remove' as const, 'set-false' as const),
    withOwner: fc.boolean(),
    withReason: fc.boolean(),
  })
  .map((o) =>
    createPausePolicy({
      labelKey: LABEL,
      onDelete: o.onDelete,
      onResume: o.onResume,
      ...(o.withOwner ? { ownerId: OWNER } : {}),
      ...(o.withReason ? { reasonAnnotation: REASON } : {}),
      untilAnnotation: UNTIL,
    }),
  );

const arbForeignCondition = fc.record({
  type: fc.constantFrom('Ready', 'Synced', 'OtherReady', 'example.com/Healthy'),
  status: fc.constantFrom('True', 'False', 'Unknown'),
  reason: fc.constantFrom('Ok', 'Failed'),
  message: fc.string({ maxLength: 20 }),
  lastTransitionTime: fc.constant('2025-01-01T00:00:00Z'),
});
const arbPausedEntry = fc.record({
  type: fc.constant('Paused'),
  status: fc.constantFrom('True', 'False', 'Unknown', 'junk'),
  reason: fc.constantFrom('PausedByLabel', 'PausedByController', 'NotPaused', 'Other'),
  message: fc.string({ maxLength: 20 }),
  lastTransitionTime: fc.constant('2025-01-01T00:00:00Z'),
});
const arbJunk = fc.constantFrom<unknown>('junk', null, 42, { status: 'True' }, { type: '' });
const arbConditions = fc.oneof(
  {
    weight: 8,
    arbitrary: fc.array(fc.oneof(arbForeignCondition, arbPausedEntry, arbJunk), { maxLength: 6 }),
  },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(undefined, null, 'oops', { type: 'Paused' }) },
);

const arbObject = fc
  .record({
    label: fc.option(fc.constantFrom('', 'false', 'alice', OWNER), { nil: undefined }),
    reason: fc.option(fc.string({ maxLength: 40 }), { nil: undefined }),
    until: fc.option(
      fc.oneof(
        fc.integer({ min: -3, max: 3 }).map((h) => formatRfc3339(NOW + h * HOUR)),
        fc.constant('soon'),
      ),
      { nil: undefined },
    ),
    generation: fc.option(fc.integer({ min: 1, max: 9 }), { nil: undefined }),
    deleting: fc.boolean(),
    conditions: arbConditions,
  })
  .map((o): KubeObject => {
    const labels: Record<string, string> = { app: 'demo' };
    if (o.label !== undefined) labels[LABEL] = o.label;
    const annotations: Record<string, string> = {};
    if (o.reason !== undefined) annotations[REASON] = o.reason;
    if (o.until !== undefined) annotations[UNTIL] = o.until;
    const object: KubeObject = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w', namespace: 'ns', resourceVersion: '7', labels, annotations },
      spec: {},
    };
    if (o.generation !== undefined)
      (object.metadata as { generation?: number }).generation = o.generation;
    if (o.deleting)
      (object.metadata as { deletionTimestamp?: string }).deletionTimestamp =
        '2025-01-01T00:00:00Z';
    if (o.conditions !== undefined) object.status = { conditions: o.conditions };
    return object;
  });

const arbNow = fc.integer({ min: NOW - 2 * HOUR, max: NOW + 2 * HOUR });

const isForeign = (entry: unknown) =>
  !(typeof entry === 'object' && entry !== null && (entry as { type?: unknown }).type === 'Paused');
const conditionsOf = (o: KubeObject): unknown =>
  (o.status as { conditions?: unknown } | undefined)?.conditions;

describe('decide: invariants (property-based)', () => {
  it('is deterministic', () => {
    fc.assert(
      fc.property(arbObject, arbPolicy, arbNow, (o, p, now) => {
        expect(decide(o, p, now)).toEqual(decide(o, p, now));
      }),
    );
  });

  it('converges: once its writes are applied, deciding again proposes no write and no event', () => {
    fc.assert(
      fc.property(arbObject, arbPolicy, arbNow, (o, p, now) => {
        const after = applyWrites(o, decide(o, p, now).writes);
        const again = decide(after, p, now);
        expect(again.writes).toEqual([]);
        expect(again.events).toEqual([]);
      }),
    );
  });

  it("never touches another writer's entries: every non-Paused entry survives, in order", () => {
    fc.assert(
      fc.property(arbObject, arbPolicy, arbNow, (o, p, now) => {
        const before = conditionsOf(o);
        const after = conditionsOf(applyWrites(o, decide(o, p, now).writes));
        if (Array.isArray(before)) {
          expect((after as unknown[]).filter(isForeign)).toEqual(before.filter(isForeign));
        } else if (before === undefined || before === null) {
          expect(((after ?? []) as unknown[]).filter(isForeign)).toEqual([]);
        } else {
          expect(after).toEqual(before);
        }
      }),
    );
  });

  it('the JSON Patch sent to the server has the same effect as the in-memory write', () => {
    fc.assert(
      fc.property(arbObject, arbPolicy, arbNow, (o, p, now) => {
        for (const write of decide(o, p, now).writes) {
          if (write.kind !== 'condition') continue;
          const ops = conditionJsonPatch(o, write.change) as jsonpatch.Operation[];
          const patched = jsonpatch.applyPatch(structuredClone(o), ops, true, false).newDocument;
          expect(patched.status).toEqual(applyWrites(o, [write]).status);
        }
      }),
    );
  });

  it('stops exactly when labelled, not expired, and not deleting under "proceed"', () => {
    fc.assert(
      fc.property(arbObject, arbPolicy, arbNow, (o, p, now) => {
        const d = decide(o, p, now);
        const labelled = o.metadata?.labels?.[LABEL] !== undefined;
        const until = o.metadata?.annotations?.[UNTIL];
        const expired = until !== undefined && until !== 'soon' && Date.parse(until) <= now;
        const proceeds = o.metadata?.deletionTimestamp !== undefined && p.onDelete === 'proceed';
        expect(d.action).toBe(labelled && !expired && !proceeds ? 'stop' : 'continue');
      }),
    );
  });

  it('every condition it writes is valid for the API server', () => {
    fc.assert(
      fc.property(arbObject, arbPolicy, arbNow, (o, p, now) => {
        for (const write of decide(o, p, now).writes) {
          if (write.kind !== 'condition' || write.change.op !== 'set') continue;
          const c = write.change.condition;
          expect(['True', 'False', 'Unknown']).toContain(c.status);
          expect(conditionReasonProblem(c.reason)).toBeUndefined();
          expect(c.message.length).toBeLessThanOrEqual(MAX_CONDITION_MESSAGE);
          expect(c.lastTransitionTime).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
        }
      }),
    );
  });

  it('writes at most one metadata write and one condition write, metadata first', () => {
    fc.assert(
      fc.property(arbObject, arbPolicy, arbNow, (o, p, now) => {
        const kinds = decide(o, p, now)
          .writes.map((w) => w.kind)
          .join(',');
        expect(['', 'metadata', 'condition', 'metadata,condition']).toContain(kinds);
      }),
    );
  });
});
