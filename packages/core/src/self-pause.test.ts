import { describe, expect, it } from 'vitest';
import { condition, LABEL, NOW, OWNER, policy, widget } from '../test/fixtures.ts';
import { applyWrites } from './apply-writes.ts';
import { decide } from './decide.ts';
import { PauseError } from './errors.ts';
import { DELETION_BLOCKED_NOTE } from './messages.ts';
import { selfPause } from './self-pause.ts';

const input = {
  reason: 'JobFailed',
  message: 'job migrate-7 failed 6 times; fix the database, then remove the label',
};

describe('selfPause', () => {
  it('writes the LABEL first (value = ownerId, with the reason annotation), then the condition', () => {
    const d = selfPause(widget(), policy(), input, NOW);
    expect(d.action).toBe('stop');
    expect(d.writes.map((w) => w.kind)).toEqual(['metadata', 'condition']);
    expect(d.writes[0]).toEqual({
      kind: 'metadata',
      labels: { [LABEL]: OWNER },
      annotations: { 'example.com/pause-reason': `JobFailed: ${input.message}` },
    });
    expect(d.writes[1]).toMatchObject({
      change: { op: 'set', condition: { status: 'True', reason: 'PausedByController' } },
    });
    expect(d.events.map((e) => e.reason)).toEqual(['PausedByController']);
  });

  it('if only the label write landed, the next decide completes the same condition (it never undoes itself)', () => {
    const d = selfPause(widget(), policy(), input, NOW);
    const labelOnly = applyWrites(widget(), d.writes.slice(0, 1));
    const next = decide(labelOnly, policy(), NOW + 1000);
    expect(next.action).toBe('stop');
    expect(next.writes).toHaveLength(1);
    expect(next.writes[0]).toMatchObject({
      change: { condition: { reason: 'PausedByController' } },
    });
    const full = applyWrites(widget(), d.writes);
    expect(decide(full, policy(), NOW + 1000).writes).toEqual([]);
  });

  it('without a reason annotation the condition carries the explanation, and decide keeps it', () => {
    const p = policy({ reasonAnnotation: undefined });
    const d = selfPause(widget(), p, input, NOW);
    expect(d.writes[0]).toEqual({ kind: 'metadata', labels: { [LABEL]: OWNER } });
    expect(d.writes[1]).toMatchObject({
      change: { condition: { message: expect.stringContaining('migrate-7') } },
    });
    const after = applyWrites(widget(), d.writes);
    expect(decide(after, p, NOW + 1000).writes).toEqual([]);
  });

  it('a second self-pause with a new explanation updates the message, keeps the label write out', () => {
    const p = policy({ reasonAnnotation: undefined });
    const after = applyWrites(widget(), selfPause(widget(), p, input, NOW).writes);
    const again = selfPause(after, p, { reason: 'Other', message: 'second' }, NOW + 1000);
    expect(again.writes.map((w) => w.kind)).toEqual(['condition']);
    expect(again.writes[0]).toMatchObject({
      change: { condition: { message: expect.stringContaining('second') } },
    });
  });

  it('on an already self-paused object with the same explanation it writes nothing', () => {
    const after = applyWrites(widget(), selfPause(widget(), policy(), input, NOW).writes);
    expect(selfPause(after, policy(), input, NOW + 1).writes).toEqual([]);
  });

  it('while being deleted the condition keeps the deletion note, and a repeat writes nothing', () => {
    const p = policy({ reasonAnnotation: undefined });
    const deleting = widget({ deleting: true });
    const d = selfPause(deleting, p, input, NOW);
    expect(d.writes[1]).toMatchObject({
      change: { condition: { message: expect.stringContaining(DELETION_BLOCKED_NOTE) } },
    });
    const after = applyWrites(deleting, d.writes);
    expect(selfPause(after, p, input, NOW + 1000).writes).toEqual([]);
    expect(decide(after, p, NOW + 1000).writes).toEqual([]);
  });

  it('removes a leftover until annotation, so a past one cannot lift the self-pause', () => {
    const UNTIL = 'example.com/pause-until';
    const object = widget({ annotations: { [UNTIL]: '2025-01-01T00:00:00Z' } });
    const d = selfPause(object, policy(), input, NOW);
    expect(d.writes[0]).toEqual({
      kind: 'metadata',
      labels: { [LABEL]: OWNER },
      annotations: { 'example.com/pause-reason': `JobFailed: ${input.message}`, [UNTIL]: null },
    });
    expect(d.state).toBe('paused');
    const after = applyWrites(object, d.writes);
    const next = decide(after, policy(), NOW + 60_000);
    expect(next).toMatchObject({ action: 'stop', state: 'paused', pausedBy: 'controller' });
    expect(next.writes).toEqual([]);
    // Only the label write landed: the next pass still completes the pause, never expires it.
    const labelOnly = applyWrites(object, d.writes.slice(0, 1));
    expect(decide(labelOnly, policy(), NOW)).toMatchObject({ action: 'stop', state: 'paused' });
  });

  it('keeps other conditions', () => {
    const o = widget({ conditions: [condition('Ready')] });
    const after = applyWrites(o, selfPause(o, policy(), input, NOW).writes);
    expect((after.status as { conditions: unknown[] }).conditions[0]).toEqual(condition('Ready'));
  });

  it('needs an ownerId: typed error MISSING_OWNER_ID', () => {
    try {
      selfPause(widget(), policy({ ownerId: undefined }), input, NOW);
      expect.unreachable();
    } catch (error) {
      expect(PauseError.isInstance(error) && error.code).toBe('MISSING_OWNER_ID');
    }
  });
});
