import type { PauseApiError } from '@pause/core';
import type { JsonPatchOperation } from '@pause/core/adapter';
import jsonPatch from 'fast-json-patch';
import { patchNotApplicableError } from './api-status.ts';

/** The result of applying an RFC 6902 JSON Patch: the new document, or the server's error. */
export type JsonPatchResult = { ok: true; document: unknown } | { ok: false; error: PauseApiError };

/**
 * Applies an RFC 6902 JSON Patch (`application/json-patch+json`) to a copy of `document` the
 * way the API server does: all operations or none. Any operation that cannot apply (a failed
 * `test`, a missing path) answers 422 `Invalid` with the server's generic message, exactly like
 * kube-apiserver 1.20 (which does not say a `test` failed).
 */
export function applyJsonPatch(
  document: unknown,
  operations: readonly JsonPatchOperation[],
  operation: string,
): JsonPatchResult {
  const copy = structuredClone(document);
  try {
    const result = jsonPatch.applyPatch(copy, operations as jsonPatch.Operation[], true, true);
    return { ok: true, document: result.newDocument };
  } catch (thrown) {
    if (thrown instanceof jsonPatch.JsonPatchError) {
      return { ok: false, error: patchNotApplicableError(operation, thrown) };
    }
    throw thrown;
  }
}
