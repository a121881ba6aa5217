import type { Condition, KubeObject, ObjectRef } from '@pause/core';
import { conditionJsonPatch } from '@pause/core/adapter';
import { type KubeEndpoint, kubeRequest } from '@pause/kube-harness';
import { kubeRequestExpecting } from './request-expecting.ts';
import { resourcePath, type TestResource } from './resource.ts';
import type { UserObjects } from './user-objects.ts';

/** Field manager of the other controller writing its own condition. */
export const OTHER_MANAGER = 'other-controller';

/** Attempts of the read-modify-write before giving up. */
const MAX_ATTEMPTS = 200;

/**
 * Another controller sets its own `condition` on `/status` through its own safe path, directly
 * on the server: server-side apply with field manager {@link OTHER_MANAGER} on a map-list CRD
 * (the list merges per `type`), else a resourceVersion-guarded JSON Patch (the one of
 * `conditionJsonPatch`), re-read and retried on 409/422.
 */
export async function writeOtherCondition(
  endpoint: KubeEndpoint,
  resource: TestResource,
  ref: ObjectRef,
  condition: Condition,
  objects: Pick<UserObjects, 'get'>,
): Promise<KubeObject> {
  const status = resourcePath(resource, ref.namespace, ref.name, 'status');
  if (resource.conditions === 'map') {
    const metadata = { name: ref.name, ...(ref.namespace ? { namespace: ref.namespace } : {}) };
    return kubeRequestExpecting<KubeObject>(endpoint, {
      method: 'PATCH',
      path: `${status}?fieldManager=${OTHER_MANAGER}&force=true`,
      body: {
        apiVersion: ref.apiVersion,
        kind: ref.kind,
        metadata,
        status: { conditions: [condition] },
      },
      contentType: 'application/apply-patch+yaml',
    });
  }
  for (let attempt = 1; ; attempt++) {
    const stored = await objects.get(ref);
    if (!stored) throw new Error(`writeOtherCondition: ${status} is gone`);
    const ops = conditionJsonPatch(stored, { op: 'set', condition });
    if (ops.length === 0) return stored;
    const response = await kubeRequest<KubeObject>(endpoint, {
      method: 'PATCH',
      path: `${status}?fieldManager=${OTHER_MANAGER}`,
      body: ops,
      contentType: 'application/json-patch+json',
    });
    if (response.status === 200) return response.body;
    const lostRace = response.status === 409 || response.status === 422;
    if (!lostRace || attempt >= MAX_ATTEMPTS) {
      throw new Error(
        `writeOtherCondition: PATCH ${status}: HTTP ${response.status} ${response.text}`,
      );
    }
  }
}
