import { PauseError } from './errors.ts';
import {
  assertAnnotationKey,
  assertLabelKey,
  assertLabelValue,
  conditionTypeProblem,
  shown,
} from './validation.ts';

/** What a paused object does when it is being deleted (`metadata.deletionTimestamp` set). */
export type DeletionPolicy = 'block' | 'proceed';

/** What an unpause leaves in `status.conditions`. */
export type ResumePolicy = 'remove' | 'set-false';

/** Options accepted by {@link createPausePolicy}. */
export interface PausePolicyOptions {
  /** Label whose presence (any value) pauses the object, e.g. `example.com/paused`. */
  labelKey: string;
  /** Condition type written while paused. Default `Paused`. */
  conditionType?: string;
  /** Annotation holding the user's "why"; shown in the condition message. */
  reasonAnnotation?: string;
  /** Annotation holding an RFC 3339 time at which the pause lifts itself. */
  untilAnnotation?: string;
  /**
   * `block` (default): a paused object being deleted stays paused; the condition says so and
   * a Warning event is emitted. `proceed`: the reconcile runs so its finalizer path can finish.
   */
  onDelete?: DeletionPolicy;
  /**
   * `remove` (default, as the Go original): the condition is removed on unpause.
   * `set-false` (as Cluster API): the condition stays as `Paused=False`, reason `NotPaused`.
   */
  onResume?: ResumePolicy;
  /**
   * This controller's id, written as the label value by a self-pause. A label whose value is
   * this id means `PausedByController`. Must be a valid label value (e.g. a UID).
   */
  ownerId?: string;
  /**
   * Label that, on a Namespace, pauses every object of this controller in it (for example the
   * same `example.com/paused`). Off unless set. The Namespace's `reasonAnnotation` and
   * `untilAnnotation` work as on an object; an object's own label takes precedence.
   */
  namespaceLabelKey?: string;
}

/** A validated, frozen policy: build once with {@link createPausePolicy}, use everywhere. */
export interface PausePolicy {
  readonly labelKey: string;
  readonly conditionType: string;
  readonly reasonAnnotation: string | undefined;
  readonly untilAnnotation: string | undefined;
  readonly onDelete: DeletionPolicy;
  readonly onResume: ResumePolicy;
  readonly ownerId: string | undefined;
  readonly namespaceLabelKey: string | undefined;
}

/**
 * Validates `options` and returns a frozen {@link PausePolicy}. Throws a `PauseError` with code
 * `INVALID_LABEL_KEY`, `INVALID_ANNOTATION_KEY`, `INVALID_CONDITION_TYPE`,
 * `INVALID_LABEL_VALUE` or `INVALID_POLICY`.
 */
export function createPausePolicy(options: PausePolicyOptions): PausePolicy {
  if (typeof options !== 'object' || options === null) {
    throw new PauseError('INVALID_POLICY', 'pause policy options must be an object');
  }
  assertLabelKey(options.labelKey);
  const conditionType = options.conditionType ?? 'Paused';
  const typeProblem = conditionTypeProblem(conditionType);
  if (typeProblem) {
    throw new PauseError(
      'INVALID_CONDITION_TYPE',
      `invalid condition type "${shown(conditionType)}": ${typeProblem}`,
    );
  }
  if (options.reasonAnnotation !== undefined) assertAnnotationKey(options.reasonAnnotation);
  if (options.untilAnnotation !== undefined) assertAnnotationKey(options.untilAnnotation);
  if (
    options.reasonAnnotation !== undefined &&
    options.reasonAnnotation === options.untilAnnotation
  ) {
    throw new PauseError(
      'INVALID_POLICY',
      'reasonAnnotation and untilAnnotation must be different keys',
    );
  }
  const onDelete = options.onDelete ?? 'block';
  if (onDelete !== 'block' && onDelete !== 'proceed') {
    throw new PauseError(
      'INVALID_POLICY',
      `onDelete must be "block" or "proceed", got "${shown(onDelete)}"`,
    );
  }
  const onResume = options.onResume ?? 'remove';
  if (onResume !== 'remove' && onResume !== 'set-false') {
    throw new PauseError(
      'INVALID_POLICY',
      `onResume must be "remove" or "set-false", got "${shown(onResume)}"`,
    );
  }
  if (options.ownerId !== undefined) {
    assertLabelValue(options.ownerId, 'ownerId (it is written as the label value)');
    if (options.ownerId === '') {
      throw new PauseError('INVALID_LABEL_VALUE', 'ownerId must not be empty');
    }
  }
  if (options.namespaceLabelKey !== undefined) assertLabelKey(options.namespaceLabelKey);
  return Object.freeze({
    labelKey: options.labelKey,
    conditionType,
    reasonAnnotation: options.reasonAnnotation,
    untilAnnotation: options.untilAnnotation,
    onDelete,
    onResume,
    ownerId: options.ownerId,
    namespaceLabelKey: options.namespaceLabelKey,
  });
}
