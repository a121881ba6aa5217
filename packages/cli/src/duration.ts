const UNIT_MS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000 };
const DURATION = /^(?:\d+(?:\.\d+)?(?:ms|s|m|h))+$/;
const PART = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
const RFC3339 = /^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[Zz]|[+-]\d{2}:\d{2})$/;

/**
 * Milliseconds of a duration written like kubectl's (Go's `time.ParseDuration`): `90s`, `30m`,
 * `2h`, `1h30m`, `500ms`. Returns `undefined` for anything else (a bare number included).
 */
export function parseDuration(text: string): number | undefined {
  const trimmed = text.trim();
  if (!DURATION.test(trimmed)) return undefined;
  let total = 0;
  for (const [, amount, unit] of trimmed.matchAll(PART)) {
    total += Number(amount) * (UNIT_MS[unit ?? ''] ?? Number.NaN);
  }
  return Number.isFinite(total) ? Math.round(total) : undefined;
}

/** Epoch milliseconds of an RFC 3339 time, or `undefined` when `text` is none. */
export function parseUntil(text: string): number | undefined {
  if (!RFC3339.test(text)) return undefined;
  const ms = Date.parse(text);
  return Number.isFinite(ms) ? ms : undefined;
}

/** `date` as RFC 3339 in UTC, whole seconds: `2026-11-30T05:00:00Z`. */
export function rfc3339(date: Date): string {
  return `${date.toISOString().slice(0, 19)}Z`;
}

/**
 * The RFC 3339 time of `--until`: a duration from `now` (`2h`) or an RFC 3339 time as is.
 * Throws an `Error` with a message for the user when it is neither, or not in the future.
 */
export function untilTime(text: string, now: Date): string {
  const ms = parseDuration(text);
  if (ms !== undefined) {
    if (ms <= 0) throw new Error(`--until ${text}: the duration must be positive`);
    return rfc3339(new Date(now.getTime() + ms));
  }
  if (RFC3339.test(text) && Number.isFinite(Date.parse(text))) {
    if (Date.parse(text) <= now.getTime()) {
      throw new Error(`--until ${text}: the time is not in the future`);
    }
    return text;
  }
  throw new Error(
    `--until ${text}: expected a duration (90s, 30m, 2h, 1h30m) or an RFC 3339 time (2026-12-24T18:00:00Z)`,
  );
}

/** A duration for people: `1h30m`, `45s`, `500ms`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  let seconds = Math.round(ms / 1000);
  const hours = Math.floor(seconds / 3600);
  seconds -= hours * 3600;
  const minutes = Math.floor(seconds / 60);
  seconds -= minutes * 60;
  return `${hours ? `${hours}h` : ''}${minutes ? `${minutes}m` : ''}${seconds || (!hours && !minutes) ? `${seconds}s` : ''}`;
}
