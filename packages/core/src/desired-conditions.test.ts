import { describe, expect, it } from 'vitest';
import { LABEL, NOW, OWNER, policy, widget } from '../test/fixtures.ts';
import { classify, type PausedSituation } from './classify.ts';
import {
  notPausedCondition,
  pausedCondition,
  stamped,
  standardPausedMessage,
} from './desired-conditions.ts';
import { DELETION_BLOCKED_NOTE } from './messages.ts';

function paused(init: Parameters<typeof widget>[0], p = policy()): PausedSituation {
  const s = classify(widget(init), p, NOW);
  if (s.kind !== 'paused' && s.kind !== 'paused-deleting') throw new Error(`got ${s.kind}`);
  return s;
}

const selfPaused = {
  type: 'Paused',
  status: 'True',
  reason: 'PausedByController',
  message: 'JobFailed: the controller wrote this',
  lastTransitionTime: '2025-06-01T00:00:00Z',
} as const;

describe('pausedCondition', () => {
  it('is not stamped: stamped() adds the time and keeps the field order', () => {
    const c = pausedCondition({
      situation: paused({ labels: { [LABEL]: '' } }),
      policy: policy(),
      deletionNote: undefined,
      selfPauseExplanation: undefined,
    });
    expect(c.lastTransitionTime).toBe('');
    expect(Object.keys(stamped(c, NOW))).toEqual(Object.keys(c));
    expect(stamped(c, NOW)).toEqual({
      type: 'Paused',
      status: 'True',
      reason: 'PausedByLabel',
      message: `Reconciliation paused by label "${LABEL}". Remove the label "${LABEL}" to resume.`,
      lastTransitionTime: '2026-01-01T00:00:00Z',
      observedGeneration: 3,
    });
  });

  it("keeps a self-pause's message as written when no reason annotation holds it", () => {
    const p = policy({ reasonAnnotation: undefined });
    const situation = paused({ labels: { [LABEL]: OWNER }, conditions: [selfPaused] }, p);
    const c = pausedCondition({
      situation,
      policy: p,
      deletionNote: undefined,
      selfPauseExplanation: undefined,
    });
    expect(c.message).toBe(selfPaused.message);
  });

  it("a self-pause's explanation replaces it, unless the deletion note must be shown", () => {
    const p = policy({ reasonAnnotation: undefined });
    const situation = paused({ labels: { [LABEL]: OWNER }, conditions: [selfPaused] }, p);
    const input = { situation, policy: p, selfPauseExplanation: 'Other: second' };
    expect(pausedCondition({ ...input, deletionNote: undefined }).message).toBe(
      `Reconciliation paused by the controller (label "${LABEL}"): Other: second. Remove the label "${LABEL}" to resume.`,
    );
    const noted = pausedCondition({ ...input, deletionNote: DELETION_BLOCKED_NOTE }).message;
    expect(noted).toBe(standardPausedMessage({ ...input, deletionNote: DELETION_BLOCKED_NOTE }));
    expect(noted.endsWith(DELETION_BLOCKED_NOTE)).toBe(true);
  });
});

describe('notPausedCondition', () => {
  it('is Paused=False, reason NotPaused, with the generation when there is one', () => {
    expect(notPausedCondition(policy(), 7)).toMatchObject({
      status: 'False',
      reason: 'NotPaused',
      lastTransitionTime: '',
      observedGeneration: 7,
    });
    expect(notPausedCondition(policy(), undefined)).not.toHaveProperty('observedGeneration');
  });
});
