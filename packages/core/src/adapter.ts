/**
 * `@pause/core/adapter`: what an adapter author needs to bind pause to a Kubernetes client:
 * the {@link PauseClient} port, the request bodies (guarded condition JSON Patch, server-side
 * apply body, metadata merge patch, `core/v1` Event), error mapping and the retry rule.
 * Controller authors use the package root instead.
 * @packageDocumentation
 */

export { type ApiFailureInit, toPauseApiError } from './api-error.ts';
export { applyWrites } from './apply-writes.ts';
export {
  conditionApplyPatch,
  conditionJsonPatch,
  type JsonPatchOperation,
} from './condition-patch.ts';
export {
  type CoreEventBody,
  coreEventFor,
  type EventReporter,
  eventNamespaceOf,
} from './event-body.ts';
export { type MetadataMergePatch, metadataMergePatch } from './metadata-patch.ts';
export { objectKey, refOf } from './object-ref.ts';
export type { PauseClient } from './port.ts';
export { type BackoffOptions, type RetryDelayInput, retryDelayMs } from './retry-delay.ts';
