import { stringify } from 'yaml';
import { type OutputFormat, renderTable, shorten } from './format.ts';
import type { NamespaceStatusRow } from './namespace-model.ts';

const PAUSED_TEXT = { paused: 'yes', expired: 'expired', none: 'no' } as const;

/** The rows of `kubectl pause status namespaces` as plain data for `-o json` / `-o yaml`. */
export function namespaceStatusData(
  rows: readonly NamespaceStatusRow[],
  labelKey: string,
): Array<Record<string, unknown>> {
  return rows.map((row) => ({
    name: row.name,
    paused: row.state === 'paused',
    state: row.state,
    label: labelKey,
    by: row.by ?? null,
    why: row.why ?? null,
    until: row.until ?? null,
  }));
}

/**
 * `kubectl pause status namespaces` output in `format`: a table NAME, PAUSED (`yes`,
 * `expired`: its until is reached, so no controller honours it; `no`), BY, WHY, UNTIL.
 */
export function formatNamespaceStatus(
  rows: readonly NamespaceStatusRow[],
  format: OutputFormat,
  labelKey: string,
): string {
  if (format === 'json') {
    return `${JSON.stringify(namespaceStatusData(rows, labelKey), null, 2)}\n`;
  }
  if (format === 'yaml') return stringify(namespaceStatusData(rows, labelKey));
  return renderTable(
    ['NAME', 'PAUSED', 'BY', 'WHY', 'UNTIL'],
    rows.map((row) => [
      row.name,
      PAUSED_TEXT[row.state],
      row.by || '-',
      row.why ? shorten(row.why, 60) : '-',
      row.until ?? '-',
    ]),
  );
}
