/**
 * `@pause/core/adapter`: what an adapter author needs to bind pause to a Kubernetes client:
 * the {@link PauseClient} port, the request bodies (guarded condition JSON Patch, server-side
 * apply body, metadata merge patch, `core/v1` Event), error mapping and the retry rule.
 * Controller authors use the package root instead.
 * @packageDocumentation
 */

// The types the functions above take and return, so an adapter needs one import. The classes
// are exported as types only: construct and check them through the package root.
export type { ApiFailureKind, PauseApiError } from './api-error.ts';
export { type ApiFailureInit, toPauseApiError } from './api-error.ts';
export { applyWrites } from './apply-writes.ts';
export {
  conditionApplyPatch,
  conditionJsonPatch,
  type JsonPatchOperation,
} from './condition-patch.ts';
export type {
  ConditionChange,
  ConditionWrite,
  MetadataWrite,
  PauseEvent,
  PauseEventReason,
  PauseWrite,
} from './decision.ts';
export type { PauseError, PauseErrorCode } from './errors.ts';
export {
  type CoreEventBody,
  coreEventFor,
  type EventReporter,
  eventNamespaceOf,
} from './event-body.ts';
export type { Instant } from './instant.ts';
export type {
  Condition,
  ConditionStatus,
  KubeObject,
  ObjectMeta,
  ObjectRef,
} from './kube-object.ts';
export { type MetadataMergePatch, metadataMergePatch } from './metadata-patch.ts';
export {
  outcomeSample,
  type PauseOutcomeSample,
  type ReconcileSample,
} from './metrics-sample.ts';
export { namespacePauseState } from './namespace-pause-state.ts';
export { objectKey, refOf } from './object-ref.ts';
export type { PauseClient } from './port.ts';
export { type BackoffOptions, type RetryDelayInput, retryDelayMs } from './retry-delay.ts';
