import type { ObjectRef } from '@pause/core';
import type { ResourceCoordinates } from '@pause/http';
import {
  type GenericClass,
  type GroupVersionKind,
  modelToGroupVersionKind,
} from 'kubernetes-fluent-client';

/** How a {@link resolveKind} call finds the group, version, kind and plural of a resource. */
export interface KindSource {
  /** The model given to `K8s(model)` / `When(model)`: a kfc kind or one passed to `RegisterKind`. */
  model?: GenericClass;
  /** Explicit group/version/kind (and `plural`), as given to `When(model, kind)` / `kindOverride`. */
  kind?: GroupVersionKind;
  /** Resource plural when neither `kind` nor the model's registration has one. */
  plural?: string;
}

/**
 * The `GroupVersionKind` of the objects `ref` names: `source.kind`, else the model's kfc
 * registration (`RegisterKind`, or a built-in model), else the object's own `apiVersion` and
 * `kind`.
 */
export function resolveKind(
  source: KindSource,
  ref: Pick<ObjectRef, 'apiVersion' | 'kind'>,
): GroupVersionKind {
  const registered =
    source.kind ?? (source.model ? modelToGroupVersionKind(source.model.name) : undefined);
  const slash = ref.apiVersion.indexOf('/');
  const group = slash === -1 ? '' : ref.apiVersion.slice(0, slash);
  const version = slash === -1 ? ref.apiVersion : ref.apiVersion.slice(slash + 1);
  const plural = registered?.plural ?? source.plural;
  if (registered?.kind) {
    return { ...registered, version: registered.version ?? version, ...(plural ? { plural } : {}) };
  }
  return { group, version, kind: ref.kind, ...(plural ? { plural } : {}) };
}

/**
 * Where the object `ref` names lives in the REST API (for `resourcePath` of `@pause/http`):
 * the {@link resolveKind} group and version, the plural (kfc's own rule when none is known:
 * `kind` lowercased + `s`), namespaced when the ref has a namespace.
 */
export function coordinatesOf(source: KindSource, ref: ObjectRef): ResourceCoordinates {
  const kind = resolveKind(source, ref);
  return {
    group: kind.group,
    version: kind.version || 'v1',
    plural: kind.plural || `${kind.kind.toLowerCase()}s`,
    namespaced: Boolean(ref.namespace),
  };
}
