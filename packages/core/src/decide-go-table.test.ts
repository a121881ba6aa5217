import { describe, expect, it } from 'vitest';
import { condition, LABEL, NOW, policy, widget } from '../test/fixtures.ts';
import { decide } from './decide.ts';

/**
 * Every row of the Go original's behaviour table (DESIGN.md §1), with the default policy.
 * Where we deliberately differ, `deviation` says why.
 */
describe('decide: the Go original controller-idioms/pause behaviour table', () => {
  const rows = [
    {
      situation: 'label present with value "", no Paused condition',
      object: widget({ labels: { [LABEL]: '' } }),
      go: { action: 'stop', statusWrites: 1, condition: ['True', 'PausedByLabel'] },
    },
    {
      situation: 'label present with value "false" (any value pauses), no condition',
      object: widget({ labels: { [LABEL]: 'false' } }),
      go: { action: 'stop', statusWrites: 1, condition: ['True', 'PausedByLabel'] },
    },
    {
      situation: 'label present with a value, no condition',
      object: widget({ labels: { [LABEL]: 'alice' } }),
      go: { action: 'stop', statusWrites: 1, condition: ['True', 'PausedByLabel'] },
    },
    {
      situation: 'label absent, Paused condition present',
      object: widget({ conditions: [condition('Paused', 'True', { reason: 'PausedByLabel' })] }),
      go: { action: 'continue', statusWrites: 1, condition: 'removed' },
    },
    {
      situation: 'label absent, Paused=False present (any status)',
      object: widget({ conditions: [condition('Paused', 'False')] }),
      go: { action: 'continue', statusWrites: 1, condition: 'removed' },
    },
    {
      situation: 'label absent, no condition',
      object: widget(),
      go: { action: 'continue', statusWrites: 0, condition: 'absent' },
    },
  ] as const;

  for (const row of rows) {
    it(row.situation, () => {
      const d = decide(row.object, policy(), NOW);
      expect(d.action).toBe(row.go.action);
      const statusWrites = d.writes.filter((w) => w.kind === 'condition');
      expect(statusWrites).toHaveLength(row.go.statusWrites);
      expect(d.writes.filter((w) => w.kind === 'metadata')).toHaveLength(0);
      if (Array.isArray(row.go.condition)) {
        const [status, reason] = row.go.condition;
        expect(statusWrites[0]).toMatchObject({
          change: { op: 'set', condition: { type: 'Paused', status, reason } },
        });
      } else if (row.go.condition === 'removed') {
        expect(statusWrites[0]).toEqual({
          kind: 'condition',
          change: { op: 'remove', type: 'Paused' },
        });
      }
    });
  }

  it('label present and an up-to-date Paused condition: no write, stop (as Go)', () => {
    const first = decide(widget({ labels: { [LABEL]: '' } }), policy(), NOW);
    const written = first.writes[0];
    if (written?.kind !== 'condition' || written.change.op !== 'set')
      throw new Error('expected a set');
    const steady = widget({ labels: { [LABEL]: '' }, conditions: [written.change.condition] });
    const d = decide(steady, policy(), NOW + 60_000);
    expect(d).toMatchObject({ action: 'stop', writes: [], events: [] });
  });

  it('deviation: label present and Paused=False (any reason) is corrected to True; Go leaves it (wrong after a set-false unpause)', () => {
    const d = decide(
      widget({ labels: { [LABEL]: '' }, conditions: [condition('Paused', 'False')] }),
      policy(),
      NOW,
    );
    expect(d.action).toBe('stop');
    expect(d.writes).toHaveLength(1);
    expect(d.writes[0]).toMatchObject({ change: { condition: { status: 'True' } } });
  });

  it('the message names the label and how to resume, spelled right (Go: "Reconiciliation")', () => {
    const d = decide(widget({ labels: { [LABEL]: '' } }), policy(), NOW);
    const message = d.events[0]?.message ?? '';
    expect(message).toContain(`label "${LABEL}"`);
    expect(message).toContain('Reconciliation');
    expect(message).toContain('to resume');
  });

  it("any status write failure is the executor's concern: the decision itself never throws on odd input", () => {
    expect(() => decide({} as never, policy(), NOW)).not.toThrow();
    expect(decide({}, policy(), NOW).action).toBe('continue');
  });
});
