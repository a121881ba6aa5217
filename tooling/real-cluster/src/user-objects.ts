import type { KubeObject, ObjectRef } from '@pause/core';
import { type KubeEndpoint, kubeRequest } from '@pause/kube-harness';
import { kubeRequestExpecting } from './request-expecting.ts';
import { resourcePath, type TestResource } from './resource.ts';

const MERGE_PATCH = 'application/merge-patch+json';

/** Objects of one resource as the user sees them: raw HTTPS to the server, never an adapter. */
export interface UserObjects {
  /** Creates `object` (its namespace is taken from its metadata). */
  create(object: KubeObject): Promise<KubeObject>;
  /** The object as stored; `undefined` when it does not exist. */
  get(ref: ObjectRef): Promise<KubeObject | undefined>;
  /** JSON merge patch of the object, or of its `/status` (`null` deletes a field). */
  mergePatch(ref: ObjectRef, patch: unknown, subresource?: 'status'): Promise<KubeObject>;
  /** Deletes the object (already gone is fine). */
  delete(ref: ObjectRef): Promise<void>;
  /** Removes the object's finalizers (already gone is fine). */
  removeFinalizers(ref: ObjectRef): Promise<void>;
}

/** {@link UserObjects} of `resource`, acting as the user of `endpoint`. */
export function userObjects(endpoint: KubeEndpoint, resource: TestResource): UserObjects {
  const path = (ref: ObjectRef, subresource?: 'status') =>
    resourcePath(resource, ref.namespace, ref.name, subresource);
  const mergePatch = (ref: ObjectRef, patch: unknown, subresource?: 'status') =>
    kubeRequestExpecting<KubeObject>(endpoint, {
      method: 'PATCH',
      path: path(ref, subresource),
      body: patch,
      contentType: MERGE_PATCH,
    });
  return {
    create: (object) =>
      kubeRequestExpecting<KubeObject>(endpoint, {
        path: resourcePath(resource, object.metadata?.namespace),
        body: object,
      }),
    async get(ref) {
      const response = await kubeRequest<KubeObject>(endpoint, { path: path(ref) });
      if (response.status === 404) return undefined;
      if (response.status !== 200) {
        throw new Error(`GET ${path(ref)}: HTTP ${response.status} ${response.text}`);
      }
      return response.body;
    },
    mergePatch,
    async delete(ref) {
      await kubeRequestExpecting(endpoint, { method: 'DELETE', path: path(ref) }, [200, 202, 404]);
    },
    async removeFinalizers(ref) {
      await kubeRequestExpecting(
        endpoint,
        {
          method: 'PATCH',
          path: path(ref),
          body: { metadata: { finalizers: null } },
          contentType: MERGE_PATCH,
        },
        [200, 404],
      );
    },
  };
}
