import { describe, expect, it } from 'vitest';
import { condition, LABEL, NOW, OWNER, policy, widget } from '../test/fixtures.ts';
import { classify } from './classify.ts';

const REASON = 'example.com/pause-reason';
const UNTIL = 'example.com/pause-until';
const HOUR = 3_600_000;

describe('classify: one situation per state', () => {
  it('active: no label (the condition, if any, is read for the resume)', () => {
    const existing = condition('Paused', 'True', { reason: 'PausedByLabel' });
    expect(classify(widget({ conditions: [existing] }), policy(), NOW)).toEqual({
      kind: 'active',
      namespace: 'default',
      existing,
      writable: true,
      generation: 3,
      warnings: [],
    });
  });

  it('paused by a person: any label value other than the owner id', () => {
    const o = widget({
      labels: { [LABEL]: 'alice' },
      annotations: { [REASON]: 'migrating', [UNTIL]: '2026-01-01T01:00:00Z' },
    });
    expect(classify(o, policy(), NOW)).toEqual({
      kind: 'paused',
      existing: undefined,
      writable: true,
      generation: 3,
      warnings: [],
      by: 'label',
      userReason: 'migrating',
      untilText: '2026-01-01T01:00:00Z',
      untilMs: NOW + HOUR,
    });
  });

  it('paused by the controller: the label value is the owner id', () => {
    const s = classify(widget({ labels: { [LABEL]: OWNER } }), policy(), NOW);
    expect(s).toMatchObject({ kind: 'paused', by: 'controller', untilMs: undefined });
  });

  it('paused by a person when the policy has no owner id, whatever the value', () => {
    const s = classify(widget({ labels: { [LABEL]: OWNER } }), policy({ ownerId: undefined }), NOW);
    expect(s).toMatchObject({ kind: 'paused', by: 'label' });
  });

  it('paused while being deleted', () => {
    const s = classify(widget({ labels: { [LABEL]: '' }, deleting: true }), policy(), NOW);
    expect(s).toMatchObject({ kind: 'paused-deleting', by: 'label' });
  });

  it('expired: the until time is reached (even while being deleted)', () => {
    const o = widget({
      labels: { [LABEL]: '' },
      annotations: { [REASON]: 'window', [UNTIL]: '2026-01-01T00:00:00Z' },
      deleting: true,
    });
    expect(classify(o, policy(), NOW)).toEqual({
      kind: 'expired',
      existing: undefined,
      writable: true,
      generation: 3,
      warnings: [],
      resourceVersion: '41',
      hasUserReason: true,
    });
  });

  it('an until time still ahead is no expiry', () => {
    const o = widget({ labels: { [LABEL]: '' }, annotations: { [UNTIL]: '2026-01-01T00:00:01Z' } });
    expect(classify(o, policy(), NOW).kind).toBe('paused');
  });
});

describe('classify: what it reads besides the state', () => {
  it('an invalid until is a warning and no expiry', () => {
    const o = widget({ labels: { [LABEL]: '' }, annotations: { [UNTIL]: 'tomorrow' } });
    const s = classify(o, policy(), NOW);
    expect(s).toMatchObject({ kind: 'paused', untilText: 'tomorrow', untilMs: undefined });
    expect(s.warnings.map((w) => w.code)).toEqual(['INVALID_UNTIL']);
  });

  it('annotations are ignored when the policy names none', () => {
    const o = widget({
      labels: { [LABEL]: '' },
      annotations: { [REASON]: 'r', [UNTIL]: '2020-01-01T00:00:00Z' },
    });
    const p = policy({ reasonAnnotation: undefined, untilAnnotation: undefined });
    expect(classify(o, p, NOW)).toMatchObject({
      kind: 'paused',
      userReason: undefined,
      untilText: undefined,
    });
  });

  it('conditions that cannot be edited safely: not writable, no existing condition, a warning', () => {
    const s = classify(widget({ labels: { [LABEL]: '' }, conditions: 'oops' }), policy(), NOW);
    expect(s).toMatchObject({ writable: false, existing: undefined });
    expect(s.warnings.map((w) => w.code)).toEqual(['CONDITIONS_NOT_A_LIST']);
  });

  it('finds the condition of the configured type', () => {
    const mine = condition('Halted', 'True');
    const s = classify(
      widget({ labels: { [LABEL]: '' }, conditions: [condition('Paused'), mine] }),
      policy({ conditionType: 'Halted' }),
      NOW,
    );
    expect(s.existing).toEqual(mine);
  });

  it('an object without metadata is active', () => {
    expect(classify({}, policy(), NOW)).toMatchObject({ kind: 'active', generation: undefined });
  });
});
