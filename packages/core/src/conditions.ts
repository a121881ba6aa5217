import type { Condition, KubeObject } from './kube-object.ts';
import { parseRfc3339 } from './validation.ts';

/** Times already checked by {@link validTime} (a memo: parsing is the steady state's cost). */
const checkedTimes = new Map<string, boolean>();

/** True when `value` is an RFC 3339 time a `metav1.Condition` may carry. */
function validTime(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  let valid = checkedTimes.get(value);
  if (valid === undefined) {
    valid = parseRfc3339(value) !== undefined;
    if (checkedTimes.size >= 4096) checkedTimes.clear();
    checkedTimes.set(value, valid);
  }
  return valid;
}

/** A non-fatal problem found in the input, returned as data (never thrown, never logged). */
export interface PauseWarning {
  code:
    | 'CONDITIONS_NOT_A_LIST'
    | 'STATUS_NOT_AN_OBJECT'
    | 'CONDITION_WITHOUT_TYPE'
    | 'DUPLICATE_CONDITION'
    | 'INVALID_UNTIL'
    | 'CONDITION_WRITE_UNSAFE'
    | 'EVENT_FAILED';
  message: string;
}

/** What {@link readConditions} found in `status.conditions`. */
export interface ConditionsView {
  /** The raw entries, untouched, or `undefined` when the list is absent. */
  entries: readonly unknown[] | undefined;
  /** False when `status` or `status.conditions` holds something a list-edit cannot safely touch. */
  writable: boolean;
  /** Problems found; reading never throws. */
  warnings: PauseWarning[];
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads `status.conditions` of any object without trusting it: a missing list is empty, a
 * non-list is reported as not writable, entries without a `type` and duplicated types are
 * reported as warnings and left where they are.
 */
export function readConditions(object: KubeObject): ConditionsView {
  const warnings: PauseWarning[] = [];
  const status = object.status;
  if (status === undefined || status === null)
    return { entries: undefined, writable: true, warnings };
  if (!isRecord(status)) {
    warnings.push({
      code: 'STATUS_NOT_AN_OBJECT',
      message: `status is ${Array.isArray(status) ? 'a list' : typeof status}, not an object; no condition can be written safely`,
    });
    return { entries: undefined, writable: false, warnings };
  }
  const list = status.conditions;
  if (list === undefined || list === null) return { entries: undefined, writable: true, warnings };
  if (!Array.isArray(list)) {
    warnings.push({
      code: 'CONDITIONS_NOT_A_LIST',
      message: `status.conditions is ${typeof list}, not a list; no condition can be written safely`,
    });
    return { entries: undefined, writable: false, warnings };
  }
  // The steady-state hot path: a plain loop; the types seen in an array while the list is short
  // (cheaper than a Set), in a Set for a long one.
  const seenList: string[] = [];
  const seenSet = list.length > 32 ? new Set<string>() : undefined;
  for (let index = 0; index < list.length; index++) {
    const entry: unknown = list[index];
    const type = isRecord(entry) ? entry.type : undefined;
    if (typeof type !== 'string' || type.length === 0) {
      warnings.push({
        code: 'CONDITION_WITHOUT_TYPE',
        message: `status.conditions[${index}] has no string "type"; it is left untouched`,
      });
      continue;
    }
    if (seenSet ? seenSet.has(type) : seenList.includes(type)) {
      warnings.push({
        code: 'DUPLICATE_CONDITION',
        message: `status.conditions has more than one "${type}" entry (again at index ${index})`,
      });
    } else if (seenSet) {
      seenSet.add(type);
    } else {
      seenList.push(type);
    }
  }
  return { entries: list, writable: true, warnings };
}

/** Indexes of the entries of `entries` whose `type` is `type`, in list order. */
export function indexesOfType(entries: readonly unknown[] | undefined, type: string): number[] {
  const found: number[] = [];
  entries?.forEach((entry, index) => {
    if (isRecord(entry) && entry.type === type) found.push(index);
  });
  return found;
}

/**
 * `meta.FindStatusCondition`: the first well-formed-enough entry of `type`, or undefined.
 * Fields of a damaged entry come back as found; compare with {@link sameCondition}.
 */
export function findCondition(
  entries: readonly unknown[] | undefined,
  type: string,
): Partial<Condition> | undefined {
  const index = indexesOfType(entries, type)[0];
  return index === undefined ? undefined : (entries?.[index] as Partial<Condition>);
}

/**
 * `meta.SetStatusCondition` on a copy: adds `next` (appended) or updates the entry of its type
 * in place. `lastTransitionTime` changes only when `status` changes (or the kept one is not a
 * valid time). Extra entries of the same
 * type are dropped (the type is the caller's). Other entries are kept as they are, in order.
 */
export function setCondition(entries: readonly unknown[] | undefined, next: Condition): unknown[] {
  const list = [...(entries ?? [])];
  const [first, ...extra] = indexesOfType(list, next.type);
  if (first === undefined) return [...list, { ...next }];
  const existing = list[first] as Partial<Condition>;
  const keepTime = existing.status === next.status && validTime(existing.lastTransitionTime);
  list[first] = {
    ...next,
    lastTransitionTime: keepTime ? existing.lastTransitionTime : next.lastTransitionTime,
  };
  return list.filter((_, index) => !extra.includes(index));
}

/** `meta.RemoveStatusCondition` on a copy: every entry of `type` removed, order kept. */
export function removeCondition(entries: readonly unknown[] | undefined, type: string): unknown[] {
  const drop = new Set(indexesOfType(entries, type));
  return (entries ?? []).filter((_, index) => !drop.has(index));
}

/**
 * True when `existing` already says what `desired` says (type, status, reason, message,
 * observedGeneration) and is valid, so no write is needed. `lastTransitionTime` only has to be
 * a valid RFC 3339 time (an invalid one is repaired by a write).
 */
export function sameCondition(
  existing: Partial<Condition> | undefined,
  desired: Condition,
): boolean {
  return (
    existing !== undefined &&
    existing.type === desired.type &&
    existing.status === desired.status &&
    existing.reason === desired.reason &&
    existing.message === desired.message &&
    existing.observedGeneration === desired.observedGeneration &&
    validTime(existing.lastTransitionTime)
  );
}
