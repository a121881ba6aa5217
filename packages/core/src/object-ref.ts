import { PauseError } from './errors.ts';
import type { KubeObject, ObjectRef } from './kube-object.ts';

/** The {@link ObjectRef} of an observed object (apiVersion, kind, name, namespace). */
export function refOf(object: KubeObject): ObjectRef {
  const { apiVersion, kind } = object;
  const name = object.metadata?.name;
  if (typeof apiVersion !== 'string' || typeof kind !== 'string' || typeof name !== 'string') {
    throw new PauseError(
      'INVALID_OBJECT',
      'object needs apiVersion, kind and metadata.name to be addressed',
    );
  }
  const namespace = object.metadata?.namespace;
  return namespace ? { apiVersion, kind, name, namespace } : { apiVersion, kind, name };
}

/** `namespace/name`, or `name` when cluster-scoped: the key a work queue knows an object by. */
export function objectKey(ref: { name: string; namespace?: string | undefined }): string {
  return ref.namespace ? `${ref.namespace}/${ref.name}` : ref.name;
}
