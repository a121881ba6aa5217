import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { formatNamespaceStatus } from './namespace-format.ts';
import type { NamespaceStatusRow } from './namespace-model.ts';

const rows: NamespaceStatusRow[] = [
  {
    name: 'shop',
    state: 'paused',
    by: 'alice',
    why: 'db migration',
    until: '2026-11-30T05:00:00Z',
  },
  { name: 'old', state: 'expired', by: 'bob', why: undefined, until: '2026-11-29T00:00:00Z' },
  { name: 'web', state: 'none', by: undefined, why: undefined, until: undefined },
];

describe('formatNamespaceStatus', () => {
  it('prints a table: yes, expired or no', () => {
    expect(formatNamespaceStatus(rows, 'table', 'a.io/paused')).toBe(
      [
        'NAME   PAUSED    BY      WHY            UNTIL',
        'shop   yes       alice   db migration   2026-11-30T05:00:00Z',
        'old    expired   bob     -              2026-11-29T00:00:00Z',
        'web    no        -       -              -',
        '',
      ].join('\n'),
    );
  });

  it('prints json and yaml naming the label', () => {
    const json = JSON.parse(formatNamespaceStatus(rows, 'json', 'a.io/paused'));
    expect(json[1]).toEqual({
      name: 'old',
      paused: false,
      state: 'expired',
      label: 'a.io/paused',
      by: 'bob',
      why: null,
      until: '2026-11-29T00:00:00Z',
    });
    expect(parse(formatNamespaceStatus(rows, 'yaml', 'a.io/paused'))).toEqual(json);
  });
});
