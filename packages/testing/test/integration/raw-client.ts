import {
  type ConditionChange,
  type KubeObject,
  type MetadataWrite,
  type ObjectRef,
  PauseApiError,
  type PauseEvent,
} from '@pause/core';
import {
  conditionJsonPatch,
  metadataMergePatch,
  type PauseClient,
  refOf,
} from '@pause/core/adapter';
import { type KubeEndpoint, type KubeResponse, kubeRequest } from '@pause/kube-harness';
import { FakeFaults } from '../../src/fake/faults.ts';

/** REST path of a namespaced custom object (plural = lowercase kind + "s"). */
export function objectPath(ref: ObjectRef, subresource = ''): string {
  const plural = `${ref.kind.toLowerCase()}s`;
  const ns = ref.namespace ? `/namespaces/${ref.namespace}` : '';
  return `/apis/${ref.apiVersion}${ns}/${plural}/${ref.name}${subresource}`;
}

/** One HTTPS call; non-2xx answers and network failures become `PauseApiError`s. */
export async function call<T = KubeObject>(
  endpoint: KubeEndpoint,
  operation: string,
  options: Parameters<typeof kubeRequest>[1],
): Promise<KubeResponse<T>> {
  let response: KubeResponse<T>;
  try {
    response = await kubeRequest<T>(endpoint, options);
  } catch (cause) {
    throw new PauseApiError({ operation, cause });
  }
  if (response.status >= 400) {
    throw new PauseApiError({ statusCode: response.status, body: response.text, operation });
  }
  return response;
}

/**
 * A dependency-free reference {@link PauseClient} over raw HTTPS (merge patch with the
 * resourceVersion precondition for labels, RV-guarded JSON Patch on `/status`), used to run the
 * conformance suite against a real kube-apiserver. Faults are injected in-process.
 */
export class RawHttpPauseClient implements PauseClient {
  readonly faults = new FakeFaults();
  readonly #endpoint: KubeEndpoint;

  constructor(endpoint: KubeEndpoint) {
    this.#endpoint = endpoint;
  }

  async read(ref: ObjectRef): Promise<KubeObject | undefined> {
    await this.faults.intercept({ operation: 'read', ref }, 'get');
    try {
      return (await call(this.#endpoint, 'get', { method: 'GET', path: objectPath(ref) })).body;
    } catch (error) {
      if (PauseApiError.isInstance(error) && error.kind === 'not-found') return undefined;
      throw error;
    }
  }

  async writeMetadata(ref: ObjectRef, write: MetadataWrite): Promise<KubeObject> {
    await this.faults.intercept({ operation: 'writeMetadata', ref }, 'patch');
    const response = await call(this.#endpoint, 'patch', {
      method: 'PATCH',
      path: objectPath(ref),
      body: metadataMergePatch(write),
      contentType: 'application/merge-patch+json',
    });
    return response.body;
  }

  async writeCondition(ref: ObjectRef, base: KubeObject, change: ConditionChange) {
    await this.faults.intercept({ operation: 'writeCondition', ref }, 'patch status');
    const ops = conditionJsonPatch(base, change);
    if (ops.length === 0) {
      const current = await this.read(ref);
      if (current === undefined) throw new PauseApiError({ statusCode: 404, operation: 'get' });
      return current;
    }
    const response = await call(this.#endpoint, 'patch status', {
      method: 'PATCH',
      path: objectPath(ref, '/status'),
      body: ops,
      contentType: 'application/json-patch+json',
    });
    return response.body;
  }

  async recordEvent(object: KubeObject, event: PauseEvent): Promise<void> {
    const ref = refOf(object);
    await this.faults.intercept({ operation: 'recordEvent', ref }, 'create event');
    const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
    await call(this.#endpoint, 'create event', {
      method: 'POST',
      path: `/api/v1/namespaces/${ref.namespace}/events`,
      body: {
        apiVersion: 'v1',
        kind: 'Event',
        metadata: { generateName: `${ref.name}.`, namespace: ref.namespace },
        involvedObject: { ...ref, uid: object.metadata?.uid },
        type: event.type,
        reason: event.reason,
        message: event.message,
        source: { component: 'pause-conformance' },
        firstTimestamp: now,
        lastTimestamp: now,
        count: 1,
      },
    });
  }
}
