import type { DeletionPolicy } from './policy.ts';
import { MAX_CONDITION_MESSAGE } from './validation.ts';

/** Sentence appended to the condition message while deletion is blocked by the pause. */
export const DELETION_BLOCKED_NOTE =
  'The object is being deleted; deletion is blocked while paused: remove the label to let it finish.';
/** Sentence appended to the condition message while deletion proceeds despite the pause. */
export const DELETION_PROCEEDING_NOTE =
  'The object is being deleted; its deletion proceeds while paused.';

/** Inputs of the condition message of a paused object. */
export interface PausedMessageInput {
  labelKey: string;
  byController: boolean;
  userReason: string | undefined;
  until: string | undefined;
  deletionNote: string | undefined;
}

/** The first `length` UTF-16 units of `text`, one fewer when the cut would split a surrogate pair. */
export function cutAt(text: string, length: number): string {
  const code = text.charCodeAt(length - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? length - 1 : length);
}

/** Caps `text` at the `metav1.Condition` message limit, marking the cut. */
export function capMessage(text: string): string {
  if (text.length <= MAX_CONDITION_MESSAGE) return text;
  const marker = '… (truncated)';
  return cutAt(text, MAX_CONDITION_MESSAGE - marker.length) + marker;
}

/**
 * `build` of five inputs, memoised on its last call: a paused object in steady state asks for
 * the same message on every pass (to compare it with its condition's), so the usual call builds
 * nothing and returns the very string compared last time.
 */
function memoLast<A, B, C, D, E>(
  build: (a: A, b: B, c: C, d: D, e: E) => string,
): (a: A, b: B, c: C, d: D, e: E) => string {
  let last: { a: A; b: B; c: C; d: D; e: E; text: string } | undefined;
  return (a, b, c, d, e) => {
    if (
      last !== undefined &&
      last.a === a &&
      last.b === b &&
      last.c === c &&
      last.d === d &&
      last.e === e
    ) {
      return last.text;
    }
    const text = build(a, b, c, d, e);
    last = { a, b, c, d, e, text };
    return text;
  };
}

/** The message of the `Paused=True` condition: who paused, why, until when, how to resume. */
export function pausedMessage(input: PausedMessageInput): string {
  return pausedMessageOf(
    input.labelKey,
    input.byController,
    input.userReason,
    input.until,
    input.deletionNote,
  );
}

/** {@link pausedMessage} of these inputs, without an object to pass them (the hot path's). */
export const pausedMessageOf = memoLast(
  (
    labelKey: string,
    byController: boolean,
    userReason: string | undefined,
    until: string | undefined,
    deletionNote: string | undefined,
  ): string => buildPausedMessage({ labelKey, byController, userReason, until, deletionNote }),
);

function buildPausedMessage(input: PausedMessageInput): string {
  const who = input.byController
    ? `Reconciliation paused by the controller (label "${input.labelKey}")`
    : `Reconciliation paused by label "${input.labelKey}"`;
  const parts = [input.userReason ? `${who}: ${input.userReason}` : who];
  if (input.until) parts.push(`It resumes by itself at ${input.until}`);
  parts.push(`Remove the label "${input.labelKey}" to resume`);
  let text = `${parts.join('. ')}.`;
  if (input.deletionNote) text += ` ${input.deletionNote}`;
  return capMessage(text);
}

/** Inputs of the condition message of an object paused by its Namespace. */
export interface NamespacePausedMessageInput {
  namespaceLabelKey: string;
  namespace: string | undefined;
  userReason: string | undefined;
  until: string | undefined;
  deletionNote: string | undefined;
}

/** The message of the `Paused=True` condition of an object whose Namespace is paused. */
export function namespacePausedMessage(input: NamespacePausedMessageInput): string {
  return namespacePausedMessageOf(
    input.namespaceLabelKey,
    input.namespace,
    input.userReason,
    input.until,
    input.deletionNote,
  );
}

/** {@link namespacePausedMessage} of these inputs, without an object to pass them. */
export const namespacePausedMessageOf = memoLast(
  (
    namespaceLabelKey: string,
    namespace: string | undefined,
    userReason: string | undefined,
    until: string | undefined,
    deletionNote: string | undefined,
  ): string =>
    buildNamespacePausedMessage({ namespaceLabelKey, namespace, userReason, until, deletionNote }),
);

function buildNamespacePausedMessage(input: NamespacePausedMessageInput): string {
  const where = `namespace "${input.namespace ?? ''}"`;
  const who = `Reconciliation paused by label "${input.namespaceLabelKey}" on ${where}`;
  const parts = [input.userReason ? `${who}: ${input.userReason}` : who];
  if (input.until) parts.push(`It resumes by itself at ${input.until}`);
  parts.push(`Remove the label "${input.namespaceLabelKey}" from ${where} to resume`);
  let text = `${parts.join('. ')}.`;
  if (input.deletionNote) text += ` ${input.deletionNote}`;
  return capMessage(text);
}

/** The message of the `Resumed` event after a namespace pause ended. */
export function namespaceResumedMessage(namespace: string | undefined): string {
  return `Namespace "${namespace ?? ''}" is no longer paused; reconciliation resumes.`;
}

/**
 * The message of the `Paused=True` condition a self-pause writes when no reason annotation is
 * configured: the controller's explanation takes the place of the user's reason.
 */
export function selfPauseMessage(labelKey: string, explanation: string): string {
  return capMessage(
    `Reconciliation paused by the controller (label "${labelKey}"): ${explanation}. Remove the label "${labelKey}" to resume.`,
  );
}

/** The deletion note for a paused object being deleted, by the `onDelete` policy. */
export function deletionNoteFor(onDelete: DeletionPolicy): string {
  return onDelete === 'block' ? DELETION_BLOCKED_NOTE : DELETION_PROCEEDING_NOTE;
}

/** The message of the `Paused=False` condition under the `set-false` resume policy. */
export function notPausedMessage(labelKey: string): string {
  return `Reconciliation is not paused; add the label "${labelKey}" to pause it.`;
}

/** The message of the `Resumed` event: the label was removed. */
export function resumedMessage(labelKey: string): string {
  return `Label "${labelKey}" was removed; reconciliation resumes.`;
}

/** The message of the `PauseExpired` event: the `until` time was reached. */
export function expiredMessage(labelKey: string): string {
  return `The pause set by label "${labelKey}" expired; reconciliation resumes.`;
}
