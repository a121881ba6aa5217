import type { KubeObject } from '@pause/core';
import { describe, expect, it } from 'vitest';
import {
  type CliPolicy,
  confirmed,
  flagsComplete,
  forEachLimited,
  labelValueFor,
  mergePolicy,
  pauseWrite,
  resumeWrite,
  statusRow,
} from './model.ts';

const policy: CliPolicy = {
  labelKey: 'a.io/paused',
  reasonAnnotation: 'a.io/why',
  untilAnnotation: 'a.io/until',
  conditionType: 'Paused',
};

function widget(
  labels: Record<string, string> = {},
  annotations: Record<string, string> = {},
  conditions: object[] = [],
  generation = 2,
): KubeObject {
  return {
    apiVersion: 'a.io/v1',
    kind: 'Widget',
    metadata: { name: 'w', namespace: 'ns', generation, labels, annotations },
    status: { conditions },
  };
}

const pausedCondition = (observedGeneration: number, reason = 'PausedByLabel') => ({
  type: 'Paused',
  status: 'True',
  reason,
  message: 'paused by label a.io/paused: incident',
  lastTransitionTime: '2026-11-30T03:00:00Z',
  observedGeneration,
});

describe('mergePolicy', () => {
  it('lets flags win field by field over the declaration', () => {
    expect(
      mergePolicy(
        { reasonAnnotation: 'flag.io/why' },
        { labelKey: 'd.io/p', reasonAnnotation: 'd.io/why', untilAnnotation: 'd.io/until' },
      ),
    ).toEqual({
      labelKey: 'd.io/p',
      reasonAnnotation: 'flag.io/why',
      untilAnnotation: 'd.io/until',
      conditionType: 'Paused',
    });
    expect(mergePolicy({ labelKey: 'f.io/p', conditionType: 'Held' }, undefined)).toEqual({
      labelKey: 'f.io/p',
      reasonAnnotation: undefined,
      untilAnnotation: undefined,
      conditionType: 'Held',
    });
  });

  it('takes the namespace label of the declaration', () => {
    expect(
      mergePolicy({ labelKey: 'f.io/p' }, { labelKey: 'd.io/p', namespaceLabelKey: 'd.io/ns' }),
    ).toMatchObject({ labelKey: 'f.io/p', namespaceLabelKey: 'd.io/ns' });
  });

  it('gives nothing without a label key', () => {
    expect(mergePolicy({ reasonAnnotation: 'x.io/y' }, undefined)).toBeUndefined();
  });

  it('knows when the flags say everything', () => {
    expect(flagsComplete({ labelKey: 'a' })).toBe(false);
    expect(
      flagsComplete({
        labelKey: 'a',
        reasonAnnotation: 'b',
        untilAnnotation: 'c',
        conditionType: 'd',
      }),
    ).toBe(true);
  });
});

describe('pauseWrite / resumeWrite', () => {
  it('adds the label, reason and until', () => {
    expect(
      pauseWrite(widget(), policy, { by: 'alice', reason: 'why', until: '2026-12-01T00:00:00Z' }),
    ).toEqual({
      kind: 'metadata',
      labels: { 'a.io/paused': 'alice' },
      annotations: { 'a.io/why': 'why', 'a.io/until': '2026-12-01T00:00:00Z' },
    });
  });

  it('keeps a label already there and changes only what differs', () => {
    const paused = widget({ 'a.io/paused': 'bob' }, { 'a.io/why': 'old' });
    expect(pauseWrite(paused, policy, { by: 'alice', reason: 'new' })).toEqual({
      kind: 'metadata',
      annotations: { 'a.io/why': 'new' },
    });
    expect(pauseWrite(paused, policy, { by: 'alice', reason: 'old' })).toBeUndefined();
    expect(pauseWrite(paused, policy, { by: 'alice' })).toBeUndefined();
  });

  it('removes the label and the annotations on resume, and nothing when resumed already', () => {
    expect(
      resumeWrite(widget({ 'a.io/paused': 'bob', app: 'x' }, { 'a.io/until': 't' }), policy),
    ).toEqual({
      kind: 'metadata',
      labels: { 'a.io/paused': null },
      annotations: { 'a.io/until': null },
    });
    expect(resumeWrite(widget({ app: 'x' }), policy)).toBeUndefined();
  });
});

describe('confirmed', () => {
  it('pause: Paused=True observed at the current generation', () => {
    expect(confirmed(widget({}, {}, [pausedCondition(2)]), policy, true)).toBe(true);
    expect(confirmed(widget({}, {}, [pausedCondition(1)]), policy, true)).toBe(false);
    expect(confirmed(widget(), policy, true)).toBe(false);
    expect(
      confirmed(widget({}, {}, [{ ...pausedCondition(2), status: 'False' }]), policy, true),
    ).toBe(false);
  });

  it('resume: the condition gone or not True', () => {
    expect(confirmed(widget(), policy, false)).toBe(true);
    expect(
      confirmed(widget({}, {}, [{ ...pausedCondition(2), status: 'False' }]), policy, false),
    ).toBe(true);
    expect(confirmed(widget({}, {}, [pausedCondition(2)]), policy, false)).toBe(false);
  });
});

describe('statusRow', () => {
  it('shows who, since, why, until and whether the controller observed it', () => {
    const row = statusRow(
      widget({ 'a.io/paused': 'alice' }, { 'a.io/why': 'incident', 'a.io/until': 'T' }, [
        pausedCondition(2),
      ]),
      policy,
    );
    expect(row).toEqual({
      name: 'w',
      namespace: 'ns',
      paused: true,
      by: 'alice',
      byController: false,
      since: '2026-11-30T03:00:00Z',
      why: 'incident',
      until: 'T',
      observed: true,
    });
  });

  it('says the controller paused it, with the condition message as the why', () => {
    const row = statusRow(
      widget({ 'a.io/paused': 'op-1' }, {}, [pausedCondition(2, 'PausedByController')]),
      policy,
    );
    expect(row).toMatchObject({
      byController: true,
      why: 'paused by label a.io/paused: incident',
    });
  });

  it('a pause the controller has not seen yet, and an object not paused', () => {
    expect(statusRow(widget({ 'a.io/paused': 'alice' }), policy)).toMatchObject({
      paused: true,
      since: undefined,
      observed: false,
    });
    expect(statusRow(widget(), policy)).toMatchObject({
      paused: false,
      by: undefined,
      observed: true,
    });
  });
});

describe('statusRow of a policy with namespaceLabelKey', () => {
  const nsPolicy: CliPolicy = { ...policy, namespaceLabelKey: 'a.io/ns-paused' };
  const nowMs = Date.parse('2026-11-30T04:00:00Z');
  const namespace = (labels: Record<string, string>, annotations: Record<string, string> = {}) => ({
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'ns', labels, annotations },
  });
  const byNamespace = pausedCondition(2, 'PausedByNamespace');

  it('shows an unlabelled object paused by its Namespace: who, why and until of the Namespace', () => {
    const ns = namespace(
      { 'a.io/ns-paused': 'carol' },
      { 'a.io/why': 'migration', 'a.io/until': '2026-11-30T05:00:00Z' },
    );
    expect(statusRow(widget({}, {}, [byNamespace]), nsPolicy, { namespace: ns, nowMs })).toEqual({
      name: 'w',
      namespace: 'ns',
      paused: true,
      by: 'carol',
      byController: false,
      byNamespace: 'ns',
      since: '2026-11-30T03:00:00Z',
      why: 'migration',
      until: '2026-11-30T05:00:00Z',
      observed: true,
    });
    expect(statusRow(widget(), nsPolicy, { namespace: ns, nowMs })).toMatchObject({
      paused: true,
      byNamespace: 'ns',
      observed: false,
    });
  });

  it("lets the object's own label win, and ignores an expired or absent namespace pause", () => {
    const ns = namespace({ 'a.io/ns-paused': 'carol' });
    expect(
      statusRow(widget({ 'a.io/paused': 'alice' }), nsPolicy, { namespace: ns, nowMs }),
    ).toMatchObject({ paused: true, by: 'alice', byNamespace: undefined });
    const expired = namespace(
      { 'a.io/ns-paused': 'carol' },
      { 'a.io/until': '2026-11-30T03:00:00Z' },
    );
    expect(
      statusRow(widget({}, {}, [byNamespace]), nsPolicy, { namespace: expired, nowMs }),
    ).toMatchObject({
      paused: false,
      byNamespace: undefined,
      observed: false,
    });
    expect(statusRow(widget(), nsPolicy, { namespace: namespace({}), nowMs })).toMatchObject({
      paused: false,
      observed: true,
    });
    expect(statusRow(widget(), policy, { namespace: ns, nowMs })).toMatchObject({ paused: false });
  });

  it('trusts the condition when the Namespace could not be read', () => {
    expect(statusRow(widget({}, {}, [byNamespace]), nsPolicy)).toMatchObject({
      paused: true,
      by: undefined,
      byNamespace: 'ns',
      why: 'paused by label a.io/paused: incident',
      observed: true,
    });
    expect(statusRow(widget({}, {}, [pausedCondition(2)]), nsPolicy)).toMatchObject({
      paused: false,
    });
  });
});

describe('labelValueFor', () => {
  it('makes a valid label value of a user name', () => {
    expect(labelValueFor('alice')).toBe('alice');
    expect(labelValueFor('alice@example.com')).toBe('alice-example.com');
    expect(labelValueFor('DOMAIN\\bob')).toBe('DOMAIN-bob');
    expect(labelValueFor('x'.repeat(80))).toHaveLength(63);
    expect(labelValueFor(undefined)).toBe('kubectl-pause');
    expect(labelValueFor('@@')).toBe('kubectl-pause');
  });
});

describe('forEachLimited', () => {
  it('never runs more than the limit at a time and visits every item', async () => {
    let running = 0;
    let most = 0;
    const seen: number[] = [];
    await forEachLimited([1, 2, 3, 4, 5, 6, 7], 3, async (item) => {
      running++;
      most = Math.max(most, running);
      await new Promise((r) => setTimeout(r, 5));
      seen.push(item);
      running--;
    });
    expect(most).toBe(3);
    expect(seen.sort()).toEqual([1, 2, 3, 4, 5, 6, 7]);
  });
});
