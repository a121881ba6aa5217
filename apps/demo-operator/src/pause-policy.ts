import { createPausePolicy } from '@pause/core';

/** Label that pauses one Widget: `kubectl label widget hello demo.pause.dev/paused=$USER`. */
export const PAUSE_LABEL = 'demo.pause.dev/paused';
/** Annotation with the reason a person gives for the pause. */
export const REASON_ANNOTATION = 'demo.pause.dev/pause-reason';
/** Annotation with an RFC 3339 time at which the pause lifts itself. */
export const UNTIL_ANNOTATION = 'demo.pause.dev/pause-until';

/** The demo operator's pause policy; `ownerId` identifies this operator for self-pause. */
export function widgetPausePolicy(ownerId: string) {
  return createPausePolicy({
    labelKey: PAUSE_LABEL,
    reasonAnnotation: REASON_ANNOTATION,
    untilAnnotation: UNTIL_ANNOTATION,
    ownerId,
    onDelete: 'block',
    onResume: 'remove',
  });
}
