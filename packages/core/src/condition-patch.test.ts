import jsonpatch from 'fast-json-patch';
import { describe, expect, it } from 'vitest';
import { condition, widget } from '../test/fixtures.ts';
import { applyConditionChange } from './apply-writes.ts';
import { conditionApplyPatch, conditionJsonPatch } from './condition-patch.ts';
import type { ConditionChange } from './decision.ts';
import { PauseError } from './errors.ts';
import type { KubeObject } from './kube-object.ts';

const paused = condition('Paused', 'True', {
  reason: 'PausedByLabel',
  lastTransitionTime: '2026-01-01T00:00:00Z',
});

function apply(object: KubeObject, change: ConditionChange) {
  const ops = conditionJsonPatch(object, change);
  return jsonpatch.applyPatch(structuredClone(object), ops as jsonpatch.Operation[], true, false)
    .newDocument;
}

describe('conditionJsonPatch', () => {
  const cases: Array<[string, KubeObject, ConditionChange]> = [
    ['no status', widget(), { op: 'set', condition: paused }],
    [
      'status without conditions',
      widget({ status: { phase: 'Ready' } }),
      { op: 'set', condition: paused },
    ],
    ['empty list', widget({ conditions: [] }), { op: 'set', condition: paused }],
    [
      'others only',
      widget({ conditions: [condition('Ready'), 'junk'] }),
      { op: 'set', condition: paused },
    ],
    [
      'update in place',
      widget({ conditions: [condition('Ready'), condition('Paused', 'False')] }),
      { op: 'set', condition: paused },
    ],
    [
      'duplicates of ours',
      widget({ conditions: [condition('Paused'), condition('Ready'), condition('Paused')] }),
      { op: 'set', condition: paused },
    ],
    [
      'remove',
      widget({ conditions: [condition('Ready'), condition('Paused'), condition('Z')] }),
      { op: 'remove', type: 'Paused' },
    ],
    [
      'remove duplicates',
      widget({ conditions: [condition('Paused'), condition('Ready'), condition('Paused')] }),
      { op: 'remove', type: 'Paused' },
    ],
  ];

  it.each(cases)(
    '%s: the patch does exactly what applyConditionChange does',
    (_name, object, change) => {
      expect(apply(object, change).status).toEqual(applyConditionChange(object, change).status);
    },
  );

  it('starts with a test of the resourceVersion that was read', () => {
    expect(conditionJsonPatch(widget(), { op: 'set', condition: paused })[0]).toEqual({
      op: 'test',
      path: '/metadata/resourceVersion',
      value: '41',
    });
  });

  it('fails (test op) against a newer resourceVersion', () => {
    const ops = conditionJsonPatch(widget(), { op: 'set', condition: paused });
    const newer = widget();
    (newer.metadata as { resourceVersion: string }).resourceVersion = '42';
    expect(() => jsonpatch.applyPatch(newer, ops as jsonpatch.Operation[], true)).toThrow(
      /Test operation failed/,
    );
  });

  it('guards each edited entry by its type', () => {
    const ops = conditionJsonPatch(
      widget({ conditions: [condition('Ready'), condition('Paused')] }),
      {
        op: 'remove',
        type: 'Paused',
      },
    );
    expect(ops).toContainEqual({ op: 'test', path: '/status/conditions/1/type', value: 'Paused' });
  });

  it('removing an absent condition is no patch at all', () => {
    expect(
      conditionJsonPatch(widget({ conditions: [condition('Ready')] }), {
        op: 'remove',
        type: 'Paused',
      }),
    ).toEqual([]);
  });

  it('refuses a non-list conditions with UNSAFE_CONDITIONS', () => {
    try {
      conditionJsonPatch(widget({ conditions: 'oops' }), { op: 'set', condition: paused });
      expect.unreachable();
    } catch (error) {
      expect(PauseError.isInstance(error) && error.code).toBe('UNSAFE_CONDITIONS');
    }
  });
});

describe('conditionApplyPatch (server-side apply body)', () => {
  it('states only our condition, keeping lastTransitionTime when the status is unchanged', () => {
    const o = widget({ conditions: [condition('Ready'), condition('Paused', 'True')] });
    const body = conditionApplyPatch(o, { op: 'set', condition: paused });
    expect(body).toEqual({
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w1', namespace: 'default' },
      status: { conditions: [{ ...paused, lastTransitionTime: '2025-06-01T00:00:00Z' }] },
    });
  });

  it('remove states an empty list (the manager gives up its entry)', () => {
    expect(conditionApplyPatch(widget(), { op: 'remove', type: 'Paused' }).status).toEqual({
      conditions: [],
    });
  });
});
