import type { Condition, KubeObject } from './kube-object.ts';
import { MEMO_MAX_LENGTH, parseRfc3339 } from './validation.ts';

/** Times already checked by {@link validTime} (a memo: parsing is the steady state's cost). */
const checkedTimes = new Map<string, boolean>();

/** True when `value` is an RFC 3339 time a `metav1.Condition` may carry. */
function validTime(value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (value.length > MEMO_MAX_LENGTH) return parseRfc3339(value) !== undefined;
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

/** What {@link readConditionsFinding} found: the view and the first entry of the type sought. */
export interface ConditionsViewFinding extends ConditionsView {
  /** The first entry of the type sought (as {@link findCondition}), when the list is writable. */
  found: Partial<Condition> | undefined;
}

/**
 * A number from 0 to 31 that equal strings share (from the length and the first and last
 * characters): two types with different marks differ, so the scan for duplicates only compares
 * a type with those seen before when its mark has been seen already. `text` is not empty.
 */
function markOf(text: string): number {
  return (text.length * 7 + text.charCodeAt(0) * 3 + text.charCodeAt(text.length - 1)) & 31;
}

/** Longest list whose types are checked for duplicates in {@link spareSeen} rather than a Set. */
const SHORT_LIST = 32;

/**
 * The types seen so far, reused by every read of a short list so the steady state allocates
 * nothing for them. Taken (set to `undefined`) while a read uses it, so a read that a getter
 * re-enters, or that throws half-way, simply uses a fresh one; blanked after use, so it keeps
 * no string alive.
 */
let spareSeen: string[] | undefined = new Array<string>(SHORT_LIST).fill('');

/**
 * Reads `status.conditions` of any object without trusting it: a missing list is empty, a
 * non-list is reported as not writable, entries without a `type` and duplicated types are
 * reported as warnings and left where they are.
 */
export function readConditions(object: KubeObject): ConditionsView {
  return readConditionsFinding(object, '', false);
}

/**
 * {@link readConditions}, finding on the way the first entry whose `type` is `type` (what
 * {@link findCondition} returns, when the list is writable), in the one pass over the list the
 * steady state makes. `find: false` looks for nothing.
 */
export function readConditionsFinding(
  object: KubeObject,
  type: string,
  find = true,
): ConditionsViewFinding {
  const warnings: PauseWarning[] = [];
  const status = object.status;
  if (status === undefined || status === null)
    return { entries: undefined, writable: true, warnings, found: undefined };
  if (!isRecord(status)) {
    warnings.push({
      code: 'STATUS_NOT_AN_OBJECT',
      message: `status is ${Array.isArray(status) ? 'a list' : typeof status}, not an object; no condition can be written safely`,
    });
    return { entries: undefined, writable: false, warnings, found: undefined };
  }
  const list = status.conditions;
  if (list === undefined || list === null)
    return { entries: undefined, writable: true, warnings, found: undefined };
  if (!Array.isArray(list)) {
    warnings.push({
      code: 'CONDITIONS_NOT_A_LIST',
      message: `status.conditions is ${typeof list}, not a list; no condition can be written safely`,
    });
    return { entries: undefined, writable: false, warnings, found: undefined };
  }
  // The steady-state hot path: a plain loop; the types seen in a reused array while the list is
  // short (cheaper than a Set, and no allocation), in a Set for a long one.
  const seenSet = list.length > SHORT_LIST ? new Set<string>() : undefined;
  let seen: string[] | undefined;
  if (seenSet === undefined) {
    seen = spareSeen ?? new Array<string>(SHORT_LIST).fill('');
    spareSeen = undefined;
  }
  let seenCount = 0;
  /** Bit `markOf(t)` is set for every type `t` seen (in `seen`). */
  let seenMarks = 0;
  // A type that no well-formed entry can have (only a hand-built policy has one) is looked for
  // by findCondition after the loop, as it matches entries the loop skips.
  const sought = find && typeof type === 'string' && type.length > 0;
  const typeMark = sought ? markOf(type) : -1;
  let found: Partial<Condition> | undefined;
  for (let index = 0; index < list.length; index++) {
    const entry: unknown = list[index];
    const entryType = isRecord(entry) ? entry.type : undefined;
    if (typeof entryType !== 'string' || entryType.length === 0) {
      warnings.push({
        code: 'CONDITION_WITHOUT_TYPE',
        message: `status.conditions[${index}] has no string "type"; it is left untouched`,
      });
      continue;
    }
    const mark = markOf(entryType);
    let duplicate = false;
    if (seen === undefined) {
      duplicate = (seenSet as Set<string>).has(entryType);
      if (!duplicate) (seenSet as Set<string>).add(entryType);
    } else {
      const bit = 1 << mark;
      if ((seenMarks & bit) !== 0) {
        for (let at = 0; at < seenCount; at++) {
          if (seen[at] === entryType) {
            duplicate = true;
            break;
          }
        }
      }
      if (!duplicate) {
        seen[seenCount++] = entryType;
        seenMarks |= bit;
      }
    }
    if (duplicate) {
      warnings.push({
        code: 'DUPLICATE_CONDITION',
        message: `status.conditions has more than one "${entryType}" entry (again at index ${index})`,
      });
    } else if (mark === typeMark && entryType === type) {
      found = entry as Partial<Condition>;
    }
  }
  if (seen !== undefined) {
    for (let at = 0; at < seenCount; at++) seen[at] = '';
    spareSeen = seen;
  }
  if (find && !sought) found = findCondition(list, type);
  return { entries: list, writable: true, warnings, found };
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
  if (entries === undefined) return undefined;
  for (let index = 0; index < entries.length; index++) {
    const entry: unknown = entries[index];
    if (isRecord(entry) && entry.type === type) return entry as Partial<Condition>;
  }
  return undefined;
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

/**
 * {@link sameCondition} against the condition that `type`, `status`, `reason`, `message` and
 * `generation` make (`observedGeneration` is `generation` when it is a number), without
 * building it: what the steady state asks on every pass.
 */
export function conditionSays(
  existing: Partial<Condition> | undefined,
  type: string,
  status: Condition['status'],
  reason: string,
  message: string,
  generation: unknown,
): boolean {
  return (
    existing !== undefined &&
    existing.type === type &&
    existing.status === status &&
    existing.reason === reason &&
    existing.message === message &&
    existing.observedGeneration === (typeof generation === 'number' ? generation : undefined) &&
    validTime(existing.lastTransitionTime)
  );
}
