import { PauseError } from './errors.ts';

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUALIFIED_NAME_PART = /^([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9]$/;
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
const CONDITION_REASON = /^[A-Za-z]([A-Za-z0-9_,:]*[A-Za-z0-9_])?$/;
const RFC3339 =
  /^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;

/** Longest `metav1.Condition` message the API server accepts. */
export const MAX_CONDITION_MESSAGE = 32_768;
/** Longest `metav1.Condition` type. */
export const MAX_CONDITION_TYPE = 316;
/** Longest `metav1.Condition` reason. */
export const MAX_CONDITION_REASON = 1024;

/**
 * Why `key` is not a valid Kubernetes qualified name (label or annotation key), or
 * `undefined` when it is. Rules of apimachinery `IsQualifiedName`.
 */
export function qualifiedNameProblem(key: string): string | undefined {
  if (typeof key !== 'string' || key.length === 0) return 'must be a non-empty string';
  const parts = key.split('/');
  if (parts.length > 2) return 'must have at most one "/" (prefix/name)';
  const name = parts.length === 2 ? (parts[1] as string) : (parts[0] as string);
  if (parts.length === 2) {
    const prefix = parts[0] as string;
    if (prefix.length === 0) return 'prefix before "/" must not be empty';
    if (prefix.length > 253) return 'prefix must be at most 253 characters';
    if (!DNS1123_SUBDOMAIN.test(prefix)) {
      return `prefix "${prefix}" must be a lowercase DNS subdomain (e.g. "example.com")`;
    }
  }
  if (name.length === 0) return 'name part must not be empty';
  if (name.length > 63) return 'name part must be at most 63 characters';
  if (!QUALIFIED_NAME_PART.test(name)) {
    return `name part "${name}" must be alphanumeric, '-', '_' or '.', starting and ending alphanumeric`;
  }
  return undefined;
}

/** Why `value` is not a valid label value, or `undefined` when it is (empty is valid). */
export function labelValueProblem(value: string): string | undefined {
  if (typeof value !== 'string') return 'must be a string';
  if (value.length > 63) return 'must be at most 63 characters';
  if (!LABEL_VALUE.test(value)) {
    return "must be empty or alphanumeric, '-', '_' or '.', starting and ending alphanumeric";
  }
  return undefined;
}

/** Throws `INVALID_LABEL_KEY` unless `key` is a valid label key. */
export function assertLabelKey(key: string): void {
  const problem = qualifiedNameProblem(key);
  if (problem) {
    throw new PauseError('INVALID_LABEL_KEY', `invalid label key "${shown(key)}": ${problem}`);
  }
}

/** `value` as text for an error message; never throws (for values `String` cannot print). */
export function shown(value: unknown): string {
  try {
    return String(value);
  } catch {
    return `<${typeof value}>`;
  }
}

/** Throws `INVALID_ANNOTATION_KEY` unless `key` is a valid annotation key. */
export function assertAnnotationKey(key: string): void {
  const problem = qualifiedNameProblem(key);
  if (problem) {
    throw new PauseError(
      'INVALID_ANNOTATION_KEY',
      `invalid annotation key "${shown(key)}": ${problem}`,
    );
  }
}

/** Throws `INVALID_LABEL_VALUE` unless `value` is a valid label value. */
export function assertLabelValue(value: string, what = 'label value'): void {
  const problem = labelValueProblem(value);
  if (problem)
    throw new PauseError('INVALID_LABEL_VALUE', `invalid ${what} "${shown(value)}": ${problem}`);
}

/** Why `type` is not a valid condition type, or `undefined`. */
export function conditionTypeProblem(type: string): string | undefined {
  if (typeof type !== 'string' || type.length === 0) return 'must be a non-empty string';
  if (type.length > MAX_CONDITION_TYPE) return `must be at most ${MAX_CONDITION_TYPE} characters`;
  return qualifiedNameProblem(type);
}

/** Why `reason` is not a valid condition reason (CamelCase identifier), or `undefined`. */
export function conditionReasonProblem(reason: string): string | undefined {
  if (typeof reason !== 'string' || reason.length === 0) return 'must be a non-empty string';
  if (reason.length > MAX_CONDITION_REASON) {
    return `must be at most ${MAX_CONDITION_REASON} characters`;
  }
  if (!CONDITION_REASON.test(reason)) {
    return 'must start with a letter and hold only letters, digits, "_", "," or ":"';
  }
  return undefined;
}

/**
 * Parses an RFC 3339 timestamp (as `metav1.Time` and the `until` annotation use) into epoch
 * milliseconds, or `undefined` when it is not one.
 */
export function parseRfc3339(text: string): number | undefined {
  if (typeof text !== 'string') return undefined;
  const m = RFC3339.exec(text.trim());
  if (!m) return undefined;
  const [, , month, day, hour, minute, second] = m.map(Number);
  if (
    (month as number) < 1 ||
    (month as number) > 12 ||
    (day as number) < 1 ||
    (day as number) > 31 ||
    (hour as number) > 23 ||
    (minute as number) > 59 ||
    (second as number) > 60
  ) {
    return undefined;
  }
  const ms = Date.parse(text.trim().toUpperCase());
  return Number.isNaN(ms) ? undefined : ms;
}

/** Longest string the time memos keep: an RFC 3339 time with nanoseconds is 35 characters. */
export const MEMO_MAX_LENGTH = 64;

/** Results of {@link parseRfc3339Memo}, `NaN` for "not a time" (bounded: cleared when full). */
const parsedTimes = new Map<string, number>();

/**
 * {@link parseRfc3339}, memoised per string: the same `until` annotation is read on every pass
 * of a paused object, and parsing it is most of the cost of reading it.
 */
export function parseRfc3339Memo(text: string): number | undefined {
  // A long string is no time worth keeping (and would make the memo large): parse it each time.
  if (text.length > MEMO_MAX_LENGTH) return parseRfc3339(text);
  let ms = parsedTimes.get(text);
  if (ms === undefined) {
    ms = parseRfc3339(text) ?? Number.NaN;
    if (parsedTimes.size >= 4096) parsedTimes.clear();
    parsedTimes.set(text, ms);
  }
  return Number.isNaN(ms) ? undefined : ms;
}

let formattedSecond = Number.NaN;
let formattedText = '';

/** Formats epoch milliseconds as `metav1.Time` does: RFC 3339 in UTC, whole seconds. */
export function formatRfc3339(ms: number): string {
  const second = Math.floor(ms / 1000);
  // Every transition within one second carries the same time: format it once.
  if (second !== formattedSecond) {
    formattedText = `${new Date(second * 1000).toISOString().slice(0, 19)}Z`;
    formattedSecond = second;
  }
  return formattedText;
}
