/**
 * `@pause/core`: what a controller author uses to pause reconciliation of ONE Kubernetes
 * object with a label. The decision is data (`decide`); a pass applies it through an adapter's
 * port (`createPauseGate`, `runPause`). Adapter authors: `@pause/core/adapter`.
 * @packageDocumentation
 */

export type { ApiFailureInit, ApiFailureKind } from './api-error.ts';
export { PauseApiError } from './api-error.ts';
export type { PauseWarning } from './conditions.ts';
export { type DecideOptions, decide } from './decide.ts';
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
export type { Instant } from './instant.ts';
export type {
  Condition,
  ConditionStatus,
  KubeObject,
  ObjectMeta,
  ObjectRef,
} from './kube-object.ts';
export { refOf } from './object-ref.ts';
export { createPauseGate, type PauseGate, type PauseGateOptions } from './pause-gate.ts';
export {
  createPausePolicy,
  type DeletionPolicy,
  type PausePolicy,
  type PausePolicyOptions,
  type ResumePolicy,
} from './policy.ts';
export {
  POLICY_ANNOTATION,
  type PolicyDeclaration,
  parsePolicyAnnotation,
  policyAnnotation,
} from './policy-annotation.ts';
export type { PauseClient } from './port.ts';
export type { BackoffOptions } from './retry-delay.ts';
export { type PauseOutcome, type RunPauseOptions, runPause, runSelfPause } from './run-pause.ts';
export { type SelfPauseInput, selfPause } from './self-pause.ts';
