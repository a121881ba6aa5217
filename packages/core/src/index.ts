export {
  type ApiFailureInit,
  type ApiFailureKind,
  PauseApiError,
  toPauseApiError,
} from './api-error.ts';
export { applyConditionChange, applyMetadataWrite, applyWrites } from './apply-writes.ts';
export {
  conditionApplyPatch,
  conditionJsonPatch,
  type JsonPatchOperation,
} from './condition-patch.ts';
export {
  type ConditionsView,
  findCondition,
  indexesOfType,
  type PauseWarning,
  readConditions,
  removeCondition,
  sameCondition,
  setCondition,
} from './conditions.ts';
export { decide } from './decide.ts';
export {
  type ConditionChange,
  type ConditionWrite,
  type MetadataWrite,
  type PauseDecision,
  type PauseEvent,
  type PauseEventReason,
  PauseReasons,
  type PauseState,
  type PauseWrite,
} from './decision.ts';
export { PauseError, type PauseErrorCode } from './errors.ts';
export {
  type CoreEventBody,
  coreEventFor,
  type EventReporter,
  eventNamespaceOf,
  MAX_EVENT_MESSAGE,
} from './event-body.ts';
export { type Instant, toMillis } from './instant.ts';
export type {
  Condition,
  ConditionStatus,
  KubeObject,
  ObjectMeta,
  ObjectRef,
} from './kube-object.ts';
export { capMessage, DELETION_BLOCKED_NOTE, DELETION_PROCEEDING_NOTE } from './messages.ts';
export { type MetadataMergePatch, metadataMergePatch } from './metadata-patch.ts';
export { objectKey, refOf } from './object-ref.ts';
export { createPauseGate, type PauseGate, type PauseGateOptions } from './pause-gate.ts';
export {
  createPausePolicy,
  type DeletionPolicy,
  type PausePolicy,
  type PausePolicyOptions,
  type ResumePolicy,
} from './policy.ts';
export type { PauseClient } from './port.ts';
export { type BackoffOptions, type RetryDelayInput, retryDelayMs } from './retry-delay.ts';
export { type PauseOutcome, type RunPauseOptions, runPause, runSelfPause } from './run-pause.ts';
export { type SelfPauseInput, selfPause } from './self-pause.ts';
export {
  assertAnnotationKey,
  assertLabelKey,
  assertLabelValue,
  conditionReasonProblem,
  conditionTypeProblem,
  formatRfc3339,
  labelValueProblem,
  MAX_CONDITION_MESSAGE,
  parseRfc3339,
  qualifiedNameProblem,
} from './validation.ts';
