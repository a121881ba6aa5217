import { findCondition, readConditions } from './conditions.ts';
import type { PauseEventReason } from './decision.ts';
import type { PausePolicy } from './policy.ts';
import type { PauseOutcome } from './run-pause.ts';

/** What one pause pass over an object ended with, as an adapter reports it to metrics hooks. */
export interface PauseOutcomeSample {
  /** The object's key (`namespace/name` or `name` in client-node; fluent uses the uid). */
  key: string;
  /** `continue`, `stop` (paused), `requeue` (a write failed) or `gone`. */
  action: PauseOutcome['action'];
  /** Reasons of the transitions this pass made (`Paused`, `Resumed`, `PauseExpired`, …); usually none. */
  transitions: readonly PauseEventReason[];
  /**
   * With `stop`: when the object was paused (ms since the epoch), from the `lastTransitionTime`
   * of its `Paused=True` condition; `undefined` when that time is missing or unreadable.
   */
  pausedSinceMs?: number;
}

/** How one run of the user's reconcile ended. */
export interface ReconcileSample {
  /** The object's key, as in {@link PauseOutcomeSample}. */
  key: string;
  /** `aborted`: the object got paused (or left the controller) while it ran and its signal fired. */
  result: 'success' | 'error' | 'aborted';
  /** How long the reconcile ran, in milliseconds. */
  durationMs: number;
}

/** The metrics sample of one pause pass: what both adapters pass to their `onOutcome` hook. */
export function outcomeSample(
  key: string,
  outcome: PauseOutcome,
  policy: PausePolicy,
): PauseOutcomeSample {
  if (outcome.action !== 'stop' && outcome.action !== 'continue') {
    return { key, action: outcome.action, transitions: [] };
  }
  const transitions = outcome.events.map((event) => event.reason);
  if (outcome.action === 'continue') return { key, action: 'continue', transitions };
  const paused = findCondition(readConditions(outcome.object).entries, policy.conditionType);
  const since =
    paused?.status === 'True' && typeof paused.lastTransitionTime === 'string'
      ? Date.parse(paused.lastTransitionTime)
      : Number.NaN;
  return Number.isFinite(since)
    ? { key, action: 'stop', transitions, pausedSinceMs: since }
    : { key, action: 'stop', transitions };
}
