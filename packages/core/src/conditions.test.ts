import { describe, expect, it } from 'vitest';
import { condition } from '../test/fixtures.ts';
import {
  findCondition,
  readConditions,
  removeCondition,
  sameCondition,
  setCondition,
} from './conditions.ts';

describe('condition helpers (apimachinery meta.SetStatusCondition semantics)', () => {
  const ready = condition('Ready');
  const synced = condition('Synced', 'False');

  it('set appends a new type', () => {
    expect(setCondition([ready], synced)).toEqual([ready, synced]);
    expect(setCondition(undefined, ready)).toEqual([ready]);
  });

  it('set keeps lastTransitionTime when the status does not change', () => {
    const next = {
      ...ready,
      reason: 'Other',
      message: 'new',
      lastTransitionTime: '2030-01-01T00:00:00Z',
    };
    expect(setCondition([ready], next)).toEqual([
      { ...next, lastTransitionTime: ready.lastTransitionTime },
    ]);
  });

  it('set moves lastTransitionTime when the status changes', () => {
    const next = { ...ready, status: 'False' as const, lastTransitionTime: '2030-01-01T00:00:00Z' };
    expect(setCondition([ready], next)).toEqual([next]);
  });

  it('set updates in place and keeps the order of the others', () => {
    const next = { ...ready, message: 'x' };
    expect(
      setCondition([synced, ready, condition('Z')], next).map((c) => (c as { type: string }).type),
    ).toEqual(['Synced', 'Ready', 'Z']);
  });

  it('remove drops every entry of the type, keeps the rest in order', () => {
    expect(removeCondition([ready, synced, { ...ready }], 'Ready')).toEqual([synced]);
    expect(removeCondition(undefined, 'Ready')).toEqual([]);
  });

  it('find returns the first entry of the type', () => {
    expect(findCondition([synced, ready], 'Ready')).toBe(ready);
    expect(findCondition(['junk', null], 'Ready')).toBeUndefined();
  });

  it('sameCondition ignores lastTransitionTime but compares everything else', () => {
    expect(sameCondition(ready, { ...ready, lastTransitionTime: 'later' })).toBe(true);
    expect(sameCondition(ready, { ...ready, observedGeneration: 2 })).toBe(false);
    expect(sameCondition(undefined, ready)).toBe(false);
  });

  it('readConditions tolerates null status and null conditions', () => {
    expect(readConditions({ status: null }).writable).toBe(true);
    expect(readConditions({ status: { conditions: null } })).toMatchObject({
      writable: true,
      entries: undefined,
    });
  });
});
