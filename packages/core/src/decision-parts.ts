import type { PauseWarning } from './conditions.ts';
import type { ConditionChange, PauseEvent, PauseWrite } from './decision.ts';

/**
 * What one transition adds to a decision: writes in the order to apply them, events to emit and
 * warnings it raised. Builders return fresh parts; {@link decide} concatenates them.
 */
export interface DecisionParts {
  writes: PauseWrite[];
  events: PauseEvent[];
  /** Never handed out as is: {@link decide} copies them into the decision's own list. */
  warnings: readonly PauseWarning[];
}

/** The warnings of parts that raise none, shared (frozen): the steady state allocates no list. */
export const NO_WARNINGS: readonly PauseWarning[] = Object.freeze([]);

/**
 * `change` as decision parts: the write when `status.conditions` can be edited safely
 * (`writable`), otherwise no write and a `CONDITION_WRITE_UNSAFE` warning in its place.
 */
export function guardedConditionChange(
  change: ConditionChange,
  writable: boolean,
  conditionType: string,
): Pick<DecisionParts, 'writes' | 'warnings'> {
  if (writable) return { writes: [{ kind: 'condition', change }], warnings: NO_WARNINGS };
  return {
    writes: [],
    warnings: [
      {
        code: 'CONDITION_WRITE_UNSAFE',
        message: `condition "${conditionType}" was not written: status.conditions cannot be edited without dropping data it holds`,
      },
    ],
  };
}
