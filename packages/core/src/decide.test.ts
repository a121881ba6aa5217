import { describe, expect, it } from 'vitest';
import { condition, LABEL, NOW, OWNER, policy, widget } from '../test/fixtures.ts';
import { applyWrites } from './apply-writes.ts';
import { decide } from './decide.ts';
import type { PauseDecision } from './decision.ts';
import type { KubeObject } from './kube-object.ts';
import { DELETION_BLOCKED_NOTE, DELETION_PROCEEDING_NOTE } from './messages.ts';
import { MAX_CONDITION_MESSAGE } from './validation.ts';

const REASON = 'example.com/pause-reason';
const UNTIL = 'example.com/pause-until';

function setOf(d: PauseDecision) {
  const write = d.writes.find((w) => w.kind === 'condition');
  if (write?.kind !== 'condition' || write.change.op !== 'set') throw new Error('no set write');
  return write.change.condition;
}

function settle(object: KubeObject, d: PauseDecision): KubeObject {
  return applyWrites(object, d.writes);
}

describe('decide: reason, message and who paused', () => {
  it.each([
    ['', 'PausedByLabel', 'label'],
    ['alice', 'PausedByLabel', 'label'],
    [OWNER, 'PausedByController', 'controller'],
  ])('label value "%s" means %s', (value, reason, by) => {
    const d = decide(widget({ labels: { [LABEL]: value } }), policy(), NOW);
    expect(setOf(d).reason).toBe(reason);
    expect(d.pausedBy).toBe(by);
    expect(d.events[0]?.reason).toBe(
      reason === 'PausedByController' ? 'PausedByController' : 'Paused',
    );
  });

  it('without an ownerId every value means PausedByLabel', () => {
    const d = decide(widget({ labels: { [LABEL]: OWNER } }), policy({ ownerId: undefined }), NOW);
    expect(setOf(d).reason).toBe('PausedByLabel');
  });

  it("shows the user's reason annotation in the message", () => {
    const d = decide(
      widget({
        labels: { [LABEL]: '' },
        annotations: { [REASON]: 'migrating the database, ask bob' },
      }),
      policy(),
      NOW,
    );
    expect(setOf(d).message).toContain('migrating the database, ask bob');
  });

  it('a changed reason annotation rewrites the message once, without a new event', () => {
    const first = widget({ labels: { [LABEL]: '' }, annotations: { [REASON]: 'one' } });
    const paused = settle(first, decide(first, policy(), NOW));
    const edited: KubeObject = {
      ...paused,
      metadata: { ...paused.metadata, annotations: { [REASON]: 'two' } },
    };
    const d = decide(edited, policy(), NOW + 1000);
    expect(d.writes).toHaveLength(1);
    expect(setOf(d).message).toContain('two');
    expect(d.events).toEqual([]);
    expect(decide(settle(edited, d), policy(), NOW + 2000).writes).toEqual([]);
  });

  it('carries observedGeneration and rewrites it once when the spec changes while paused', () => {
    const o = widget({ labels: { [LABEL]: '' }, generation: 3 });
    const paused = settle(o, decide(o, policy(), NOW));
    expect(setOf(decide(o, policy(), NOW)).observedGeneration).toBe(3);
    const bumped: KubeObject = { ...paused, metadata: { ...paused.metadata, generation: 4 } };
    const d = decide(bumped, policy(), NOW);
    expect(setOf(d).observedGeneration).toBe(4);
    expect(d.events).toEqual([]);
  });

  it('caps the message at 32768 characters', () => {
    const d = decide(
      widget({ labels: { [LABEL]: '' }, annotations: { [REASON]: 'x'.repeat(100_000) } }),
      policy(),
      NOW,
    );
    expect(setOf(d).message.length).toBe(MAX_CONDITION_MESSAGE);
    expect(setOf(d).message.endsWith('(truncated)')).toBe(true);
  });

  it('uses the configured condition type', () => {
    const d = decide(
      widget({ labels: { [LABEL]: '' } }),
      policy({ conditionType: 'ReconcilePaused' }),
      NOW,
    );
    expect(setOf(d).type).toBe('ReconcilePaused');
  });
});

describe('decide: steady state and transitions', () => {
  it.each([
    ['paused by label', { labels: { [LABEL]: '' } }],
    ['paused by controller', { labels: { [LABEL]: OWNER } }],
    ['not paused', {}],
    [
      'paused with reason and until',
      { labels: { [LABEL]: '' }, annotations: { [REASON]: 'r', [UNTIL]: '2027-01-01T00:00:00Z' } },
    ],
  ])('%s: after the writes are applied there is nothing more to write', (_name, init) => {
    const o = widget(init);
    const settled = settle(o, decide(o, policy(), NOW));
    const again = decide(settled, policy(), NOW + 5000);
    expect(again.writes).toEqual([]);
    expect(again.events).toEqual([]);
  });

  it('one pause = one status write and one event; one unpause = one status write and one event', () => {
    const o = widget({ labels: { [LABEL]: '' } });
    const pause = decide(o, policy(), NOW);
    expect(pause.writes).toHaveLength(1);
    expect(pause.events.map((e) => e.reason)).toEqual(['Paused']);
    const paused = settle(o, pause);
    const unlabelled: KubeObject = { ...paused, metadata: { ...paused.metadata, labels: {} } };
    const resume = decide(unlabelled, policy(), NOW);
    expect(resume.writes).toEqual([
      { kind: 'condition', change: { op: 'remove', type: 'Paused' } },
    ]);
    expect(resume.events.map((e) => e.reason)).toEqual(['Resumed']);
  });

  it('set-false resume policy leaves Paused=False with reason NotPaused and stays steady', () => {
    const p = policy({ onResume: 'set-false' });
    const o = widget({ conditions: [condition('Paused', 'True', { reason: 'PausedByLabel' })] });
    const d = decide(o, p, NOW);
    expect(setOf(d)).toMatchObject({ status: 'False', reason: 'NotPaused', observedGeneration: 3 });
    expect(d.events.map((e) => e.reason)).toEqual(['Resumed']);
    expect(decide(settle(o, d), p, NOW).writes).toEqual([]);
  });

  it('re-pausing after a set-false unpause flips the condition to True and moves lastTransitionTime', () => {
    const p = policy({ onResume: 'set-false' });
    const o = widget({
      labels: { [LABEL]: '' },
      conditions: [condition('Paused', 'False', { reason: 'NotPaused' })],
    });
    const settled = settle(o, decide(o, p, NOW));
    const stored = (settled.status as { conditions: Array<Record<string, unknown>> }).conditions[0];
    expect(stored).toMatchObject({ status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' });
  });
});

describe('decide: until (expiry)', () => {
  const until = '2026-01-01T01:00:00Z';
  const paused = widget({
    labels: { [LABEL]: '' },
    annotations: { [UNTIL]: until, [REASON]: 'window' },
  });

  it('before the time: stop, message says when, requeue at the time', () => {
    const d = decide(paused, policy(), NOW);
    expect(d.action).toBe('stop');
    expect(d.requeueAfterMs).toBe(3_600_000);
    expect(setOf(d).message).toContain(until);
  });

  it('at the time: label and annotations removed first (guarded), then the condition, PauseExpired event, continue', () => {
    const d = decide(paused, policy(), Date.parse(until));
    expect(d.action).toBe('continue');
    expect(d.state).toBe('expired');
    expect(d.writes[0]).toEqual({
      kind: 'metadata',
      labels: { [LABEL]: null },
      annotations: { [UNTIL]: null, [REASON]: null },
      resourceVersion: '41',
    });
    expect(d.events.map((e) => e.reason)).toEqual(['PauseExpired']);
  });

  it('an expired pause with a Paused condition removes it in the same decision, after the label', () => {
    const settled = settle(paused, decide(paused, policy(), NOW));
    const d = decide(settled, policy(), NOW + 3_600_000);
    expect(d.writes.map((w) => w.kind)).toEqual(['metadata', 'condition']);
    const after = settle(settled, d);
    expect(decide(after, policy(), NOW + 3_700_000)).toMatchObject({
      action: 'continue',
      writes: [],
      events: [],
    });
  });

  it('an invalid until is a warning, never an expiry', () => {
    const o = widget({ labels: { [LABEL]: '' }, annotations: { [UNTIL]: 'tomorrow' } });
    const d = decide(o, policy(), NOW);
    expect(d.action).toBe('stop');
    expect(d.requeueAfterMs).toBeUndefined();
    expect(d.warnings.map((w) => w.code)).toEqual(['INVALID_UNTIL']);
  });
});

describe('decide: deletion while paused', () => {
  const deleting = widget({ labels: { [LABEL]: '' }, deleting: true });

  it('block (default): stop, the message says deletion is blocked, one Warning event', () => {
    const d = decide(deleting, policy(), NOW);
    expect(d.action).toBe('stop');
    expect(setOf(d).message).toContain(DELETION_BLOCKED_NOTE);
    expect(d.events.map((e) => [e.type, e.reason])).toEqual([
      ['Normal', 'Paused'],
      ['Warning', 'DeletionBlocked'],
    ]);
    expect(decide(settle(deleting, d), policy(), NOW).events).toEqual([]);
  });

  it('block: an already paused object that starts deleting gets only the Warning', () => {
    const paused = widget({ labels: { [LABEL]: '' } });
    const settled = settle(paused, decide(paused, policy(), NOW));
    const nowDeleting: KubeObject = {
      ...settled,
      metadata: { ...settled.metadata, deletionTimestamp: '2026-01-01T00:00:00Z' },
    };
    const d = decide(nowDeleting, policy(), NOW);
    expect(d.events.map((e) => e.reason)).toEqual(['DeletionBlocked']);
  });

  it('proceed: continue so the finalizer path runs, and say so', () => {
    const d = decide(deleting, policy({ onDelete: 'proceed' }), NOW);
    expect(d.action).toBe('continue');
    expect(d.state).toBe('paused');
    expect(setOf(d).message).toContain(DELETION_PROCEEDING_NOTE);
    expect(d.events.map((e) => e.reason)).toEqual(['Paused', 'DeletionProceeding']);
  });
});

describe('decide: malformed status.conditions never throws and never drops foreign entries', () => {
  it.each([
    ['a string', 'oops'],
    ['an object', { type: 'Paused' }],
    ['a number', 7],
  ])('conditions is %s: stop still holds, no condition write, a warning', (_name, conditions) => {
    const d = decide(widget({ labels: { [LABEL]: '' }, conditions }), policy(), NOW);
    expect(d.action).toBe('stop');
    expect(d.writes).toEqual([]);
    expect(d.warnings.map((w) => w.code)).toEqual([
      'CONDITIONS_NOT_A_LIST',
      'CONDITION_WRITE_UNSAFE',
    ]);
  });

  it('status is a list: no condition write, a warning', () => {
    const d = decide(widget({ labels: { [LABEL]: '' }, status: ['x'] }), policy(), NOW);
    expect(d.writes).toEqual([]);
    expect(d.warnings.map((w) => w.code)).toContain('STATUS_NOT_AN_OBJECT');
  });

  it('entries without a type are kept in place and reported', () => {
    const o = widget({
      labels: { [LABEL]: '' },
      conditions: [{ status: 'True' }, 'junk', condition('Ready')],
    });
    const d = decide(o, policy(), NOW);
    expect(d.warnings.map((w) => w.code)).toEqual([
      'CONDITION_WITHOUT_TYPE',
      'CONDITION_WITHOUT_TYPE',
    ]);
    const after = settle(o, d);
    const list = (after.status as { conditions: unknown[] }).conditions;
    expect(list.slice(0, 3)).toEqual([{ status: 'True' }, 'junk', condition('Ready')]);
    expect(list).toHaveLength(4);
  });

  it('duplicates of another type are reported and left alone', () => {
    const o = widget({
      labels: { [LABEL]: '' },
      conditions: [condition('Ready'), condition('Ready', 'False')],
    });
    const d = decide(o, policy(), NOW);
    expect(d.warnings.map((w) => w.code)).toEqual(['DUPLICATE_CONDITION']);
    const list = (settle(o, d).status as { conditions: unknown[] }).conditions;
    expect(list.slice(0, 2)).toEqual([condition('Ready'), condition('Ready', 'False')]);
  });

  it('a damaged Paused entry (bad status, no time) is ours to repair', () => {
    const o = widget({ labels: { [LABEL]: '' }, conditions: [{ type: 'Paused', status: 'yes' }] });
    const d = decide(o, policy(), NOW);
    expect(setOf(d)).toMatchObject({ status: 'True', lastTransitionTime: '2026-01-01T00:00:00Z' });
  });

  it('an object with no metadata at all is simply not paused', () => {
    expect(decide({ status: 'x' }, policy(), NOW)).toMatchObject({
      action: 'continue',
      writes: [],
    });
  });
});
