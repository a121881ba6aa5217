import type { Condition, KubeObject } from '../src/index.ts';
import { createPausePolicy, type PausePolicyOptions } from '../src/index.ts';

/** Label key used across the core's tests. */
export const LABEL = 'example.com/paused';
/** The controller id used by self-pause tests. */
export const OWNER = 'controller-7f3a';
/** A fixed instant: 2026-01-01T00:00:00Z. */
export const NOW = Date.UTC(2026, 0, 1);

/** A policy with test defaults, overridable. */
export function policy(options: Partial<PausePolicyOptions> = {}) {
  return createPausePolicy({
    labelKey: LABEL,
    ownerId: OWNER,
    reasonAnnotation: 'example.com/pause-reason',
    untilAnnotation: 'example.com/pause-until',
    ...options,
  });
}

/** A custom resource with the given labels, annotations and conditions. */
export function widget(
  init: {
    labels?: Record<string, string>;
    annotations?: Record<string, string>;
    conditions?: unknown;
    status?: unknown;
    generation?: number;
    deleting?: boolean;
  } = {},
): KubeObject {
  const metadata: KubeObject['metadata'] = {
    name: 'w1',
    namespace: 'default',
    resourceVersion: '41',
    generation: init.generation ?? 3,
  };
  if (init.labels) metadata.labels = init.labels;
  if (init.annotations) metadata.annotations = init.annotations;
  if (init.deleting) metadata.deletionTimestamp = '2026-01-01T00:00:00Z';
  const object: KubeObject = { apiVersion: 'example.com/v1', kind: 'Widget', metadata, spec: {} };
  if (init.status !== undefined) object.status = init.status;
  else if (init.conditions !== undefined) object.status = { conditions: init.conditions };
  return object;
}

/** A well-formed condition. */
export function condition(
  type: string,
  status: Condition['status'] = 'True',
  extra: Partial<Condition> = {},
): Condition {
  return {
    type,
    status,
    reason: 'SomeReason',
    message: 'some message',
    lastTransitionTime: '2025-06-01T00:00:00Z',
    ...extra,
  };
}
