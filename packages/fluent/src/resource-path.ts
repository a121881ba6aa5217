import type { ObjectRef } from '@pause/core';
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
 * `kind`. The plural falls back to kfc's own rule (`kind` lowercased + `s`).
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
 * The REST path of one object, built like kfc's `pathBuilder`: `/api/v1` for the core group,
 * `/apis/<group>/<version>` otherwise, `namespaces/<ns>/` when namespaced, then the plural, the
 * name and an optional subresource (`status`).
 */
export function objectPath(kind: GroupVersionKind, ref: ObjectRef, subresource?: 'status'): string {
  const plural = kind.plural || `${kind.kind.toLowerCase()}s`;
  const base = kind.group
    ? `/apis/${kind.group}/${kind.version ?? ''}`
    : `/api/${kind.version ?? 'v1'}`;
  const segments = [base];
  if (ref.namespace) segments.push('namespaces', encodeURIComponent(ref.namespace));
  segments.push(plural, encodeURIComponent(ref.name));
  if (subresource) segments.push(subresource);
  return segments.join('/');
}
