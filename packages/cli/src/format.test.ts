import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { byText, formatStatus } from './format.ts';
import type { StatusRow } from './model.ts';

const rows: StatusRow[] = [
  {
    name: 'w-1',
    namespace: 'shop',
    paused: true,
    by: 'alice',
    byController: false,
    byNamespace: undefined,
    since: '2026-11-30T03:00:00Z',
    why: 'incident 4711',
    until: '2026-11-30T05:00:00Z',
    observed: true,
  },
  {
    name: 'w-2',
    namespace: 'shop',
    paused: true,
    by: 'op-1',
    byController: true,
    byNamespace: undefined,
    since: undefined,
    why: undefined,
    until: undefined,
    observed: false,
  },
  {
    name: 'w-3',
    namespace: 'shop',
    paused: false,
    by: undefined,
    byController: false,
    byNamespace: undefined,
    since: undefined,
    why: undefined,
    until: undefined,
    observed: true,
  },
];

describe('formatStatus', () => {
  it('prints a kubectl-style table', () => {
    expect(formatStatus(rows, 'table', false)).toBe(
      [
        'NAME   PAUSED   BY                  SINCE                  WHY             UNTIL                  OBSERVED',
        'w-1    yes      alice               2026-11-30T03:00:00Z   incident 4711   2026-11-30T05:00:00Z   yes',
        'w-2    yes      controller (op-1)   -                      -               -                      no',
        'w-3    no       -                   -                      -               -                      yes',
        '',
      ].join('\n'),
    );
  });

  it('adds the namespace column with -A', () => {
    expect(formatStatus(rows, 'table', true).split('\n')[1]).toMatch(/^shop\s+w-1\s+yes/);
  });

  it('prints json and yaml with nulls for what is unknown', () => {
    const json = JSON.parse(formatStatus(rows, 'json', false));
    expect(json[1]).toEqual({
      name: 'w-2',
      namespace: 'shop',
      paused: true,
      by: 'op-1',
      byController: true,
      byNamespace: null,
      since: null,
      why: null,
      until: null,
      observed: false,
    });
    expect(parse(formatStatus(rows, 'yaml', false))).toEqual(json);
  });

  it('says who paused', () => {
    expect(rows.map(byText)).toEqual(['alice', 'controller (op-1)', '-']);
  });

  it('names the Namespace that pauses an object, and who paused it', () => {
    const row = rows[2] as StatusRow;
    expect(byText({ ...row, paused: true, by: 'carol', byNamespace: 'shop' })).toBe(
      'namespace/shop (carol)',
    );
    expect(byText({ ...row, paused: true, byNamespace: 'shop' })).toBe('namespace/shop');
    const table = formatStatus([{ ...row, paused: true, byNamespace: 'shop' }], 'table', false);
    expect(table.split('\n')[1]).toMatch(/^w-3\s+yes\s+namespace\/shop\s+-/);
    expect(
      JSON.parse(formatStatus([{ ...row, byNamespace: 'shop' }], 'json', false))[0],
    ).toMatchObject({
      byNamespace: 'shop',
    });
  });
});
