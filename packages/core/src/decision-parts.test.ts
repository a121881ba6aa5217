import { describe, expect, it } from 'vitest';
import { guardedConditionChange } from './decision-parts.ts';

describe('guardedConditionChange', () => {
  const change = { op: 'remove', type: 'Paused' } as const;

  it('writes the change when status.conditions can be edited safely', () => {
    expect(guardedConditionChange(change, true, 'Paused')).toEqual({
      writes: [{ kind: 'condition', change }],
      warnings: [],
    });
  });

  it('otherwise writes nothing and says so', () => {
    const parts = guardedConditionChange(change, false, 'Paused');
    expect(parts.writes).toEqual([]);
    expect(parts.warnings).toEqual([
      {
        code: 'CONDITION_WRITE_UNSAFE',
        message:
          'condition "Paused" was not written: status.conditions cannot be edited without dropping data it holds',
      },
    ]);
  });
});
