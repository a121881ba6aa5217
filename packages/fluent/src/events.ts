import type { KubeObject, PauseEvent } from '@pause/core';
import { K8s, kind } from 'kubernetes-fluent-client';
import { callFluent } from './errors.ts';

/** Who an Event says reported it (`source.component` / `reportingComponent`). */
export interface EventSource {
  /** e.g. `my-operator` or the Pepr module name. Default `pause`. */
  component?: string;
  /** e.g. the pod name. Default: the `HOSTNAME` environment variable when set. */
  instance?: string;
}

/**
 * The `core/v1` Event recording `event` about `object`: in the object's namespace (`default`
 * for a cluster-scoped object, as kubectl and client-go do), named after the object with a
 * server-generated suffix, `involvedObject` pointing at it by uid and resourceVersion.
 */
export function buildCoreEvent(
  object: KubeObject,
  event: PauseEvent,
  source: EventSource,
  now: Date,
) {
  const meta = object.metadata ?? {};
  const time = now.toISOString().replace(/\.\d{3}Z$/, 'Z');
  const instance = source.instance ?? process.env.HOSTNAME;
  return {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: {
      generateName: `${meta.name ?? 'object'}.`,
      namespace: meta.namespace || 'default',
    },
    involvedObject: {
      apiVersion: object.apiVersion,
      kind: object.kind,
      name: meta.name,
      ...(meta.namespace ? { namespace: meta.namespace } : {}),
      ...(meta.uid ? { uid: meta.uid } : {}),
      ...(meta.resourceVersion ? { resourceVersion: meta.resourceVersion } : {}),
    },
    type: event.type,
    reason: event.reason,
    message: event.message,
    count: 1,
    firstTimestamp: time,
    lastTimestamp: time,
    source: { component: source.component ?? 'pause', ...(instance ? { host: instance } : {}) },
    reportingComponent: source.component ?? 'pause',
    ...(instance ? { reportingInstance: instance } : {}),
  };
}

/**
 * Creates the `core/v1` Event of {@link buildCoreEvent} with kfc's `K8s(kind.CoreEvent).Create`
 * (low volume: only pause transitions record events). Throws `PauseApiError`.
 */
export async function createCoreEvent(
  object: KubeObject,
  event: PauseEvent,
  source: EventSource,
  now: Date,
): Promise<void> {
  const body = buildCoreEvent(object, event, source, now);
  await callFluent(
    `create event ${event.reason} about ${object.kind}/${object.metadata?.name}`,
    () => K8s(kind.CoreEvent).Create(body as unknown as InstanceType<typeof kind.CoreEvent>),
  );
}
