import Table from 'cli-table3';
import { stringify } from 'yaml';
import type { StatusRow } from './model.ts';

/** Output formats of `kubectl pause status`. */
export type OutputFormat = 'table' | 'json' | 'yaml';

const BORDERLESS = {
  top: '',
  'top-mid': '',
  'top-left': '',
  'top-right': '',
  bottom: '',
  'bottom-mid': '',
  'bottom-left': '',
  'bottom-right': '',
  left: '',
  'left-mid': '',
  mid: '',
  'mid-mid': '',
  right: '',
  'right-mid': '',
  middle: '   ',
};

/** `text` on one line, cut to `max` characters with an ellipsis. */
export function shorten(text: string, max: number): string {
  const line = text.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max - 1)}…` : line;
}

/**
 * `who`, `controller (id)` when the controller paused it itself, or `namespace/<ns> (who)` when
 * its Namespace pauses it.
 */
export function byText(row: StatusRow): string {
  if (!row.paused) return '-';
  if (row.byNamespace !== undefined) {
    return row.by ? `namespace/${row.byNamespace} (${row.by})` : `namespace/${row.byNamespace}`;
  }
  if (row.byController) return `controller (${row.by})`;
  return row.by || '-';
}

/** A kubectl-style table (no borders, upper-case headings, no trailing spaces). */
export function renderTable(head: readonly string[], rows: readonly string[][]): string {
  const table = new Table({
    head: [...head],
    chars: BORDERLESS,
    style: { head: [], border: [], 'padding-left': 0, 'padding-right': 0 },
  });
  for (const row of rows) table.push(row);
  return `${table
    .toString()
    .split('\n')
    .map((line) => line.trimEnd())
    .filter((line) => line !== '')
    .join('\n')}\n`;
}

/** The rows as a kubectl-style table (no borders, upper-case headings). */
export function statusTable(rows: readonly StatusRow[], withNamespace: boolean): string {
  const head = [
    ...(withNamespace ? ['NAMESPACE'] : []),
    'NAME',
    'PAUSED',
    'BY',
    'SINCE',
    'WHY',
    'UNTIL',
    'OBSERVED',
  ];
  return renderTable(
    head,
    rows.map((row) => [
      ...(withNamespace ? [row.namespace ?? ''] : []),
      row.name,
      row.paused ? 'yes' : 'no',
      byText(row),
      row.since ?? '-',
      row.why ? shorten(row.why, 60) : '-',
      row.until ?? '-',
      row.observed ? 'yes' : 'no',
    ]),
  );
}

/** The rows as plain data for `-o json` / `-o yaml`. */
export function statusData(rows: readonly StatusRow[]): Array<Record<string, unknown>> {
  return rows.map((row) => ({
    name: row.name,
    ...(row.namespace !== undefined ? { namespace: row.namespace } : {}),
    paused: row.paused,
    by: row.by ?? null,
    byController: row.byController,
    byNamespace: row.byNamespace ?? null,
    since: row.since ?? null,
    why: row.why ?? null,
    until: row.until ?? null,
    observed: row.observed,
  }));
}

/** `kubectl pause status` output in `format`. */
export function formatStatus(
  rows: readonly StatusRow[],
  format: OutputFormat,
  withNamespace: boolean,
): string {
  if (format === 'json') return `${JSON.stringify(statusData(rows), null, 2)}\n`;
  if (format === 'yaml') return stringify(statusData(rows));
  return statusTable(rows, withNamespace);
}
