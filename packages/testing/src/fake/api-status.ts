import { type ObjectRef, PauseApiError } from '@pause/core';

/** The `metav1.Status` reasons the fake answers with. */
export type StatusReason =
  | 'Conflict'
  | 'AlreadyExists'
  | 'NotFound'
  | 'Invalid'
  | 'Forbidden'
  | 'TooManyRequests'
  | 'InternalError'
  | 'ServiceUnavailable';

/** A `metav1.Status` failure body, as the API server sends it. */
export interface StatusBody {
  kind: 'Status';
  apiVersion: 'v1';
  status: 'Failure';
  message: string;
  reason: StatusReason;
  code: number;
}

/** `widgets.example.com "name"`: how the API server names an object in its messages. */
export function describeRef(ref: ObjectRef): string {
  const group = ref.apiVersion.includes('/') ? ref.apiVersion.split('/')[0] : '';
  const resource = `${ref.kind.toLowerCase()}s${group ? `.${group}` : ''}`;
  return `${resource} "${ref.name}"`;
}

/**
 * A {@link PauseApiError} carrying `statusCode` and a `metav1.Status` body, exactly as an
 * adapter builds one from a real API server answer.
 */
export function statusError(
  statusCode: number,
  reason: StatusReason,
  message: string,
  operation: string,
  retryAfterSeconds?: number,
): PauseApiError {
  const body: StatusBody = {
    kind: 'Status',
    apiVersion: 'v1',
    status: 'Failure',
    message,
    reason,
    code: statusCode,
  };
  return new PauseApiError({
    statusCode,
    body,
    operation,
    ...(retryAfterSeconds !== undefined ? { retryAfter: retryAfterSeconds } : {}),
  });
}

/** 409 `Conflict`: the write carried a stale `metadata.resourceVersion` (as kube-apiserver words it). */
export function conflictError(ref: ObjectRef, operation: string): PauseApiError {
  return statusError(
    409,
    'Conflict',
    `Operation cannot be fulfilled on ${describeRef(ref)}: the object has been modified; please apply your changes to the latest version and try again`,
    operation,
  );
}

/** 404 `NotFound`. */
export function notFoundError(ref: ObjectRef, operation: string): PauseApiError {
  return statusError(404, 'NotFound', `${describeRef(ref)} not found`, operation);
}

/**
 * The message kube-apiserver (checked on 1.20.2) answers with, as 422 `Invalid` with empty
 * `details`, to ANY JSON Patch it cannot apply: a failed `test` and a missing path alike.
 */
export const PATCH_NOT_APPLICABLE_MESSAGE =
  'the server rejected our request due to an error in our request';

/**
 * 422 `Invalid` for a JSON Patch that cannot be applied (failed `test`, bad path), byte for byte
 * as kube-apiserver 1.20 sends it; the patch library's own error is kept as `cause`.
 */
export function patchNotApplicableError(operation: string, cause?: unknown): PauseApiError {
  const body = {
    kind: 'Status',
    apiVersion: 'v1',
    metadata: {},
    status: 'Failure',
    message: PATCH_NOT_APPLICABLE_MESSAGE,
    reason: 'Invalid',
    details: {},
    code: 422,
  };
  return new PauseApiError({ statusCode: 422, body, operation, cause });
}
