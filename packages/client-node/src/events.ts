import { hostname } from 'node:os';
import type { CoreV1Api, CoreV1Event } from '@kubernetes/client-node';
import type { KubeObject, PauseEvent } from '@pause/core';
import { callApi } from './errors.ts';

/** Who reports the Events: `source.component` / `reportingComponent` and the instance. */
export interface EventReporter {
  /** `reportingComponent` (and `source.component`), e.g. `example.com/widget-controller`. */
  component: string;
  /** `reportingInstance` (and `source.host`). Default: the host name (the pod name in a pod). */
  instance?: string;
}

/** The namespace an Event about `object` goes to: its own, or `default` when cluster-scoped. */
export function eventNamespaceOf(object: KubeObject): string {
  return object.metadata?.namespace || 'default';
}

/**
 * The `core/v1` Event (the API every kubectl version shows in `kubectl describe`) recording
 * `event` about `object`, with `involvedObject` pointing at it.
 */
export function buildCoreEvent(
  object: KubeObject,
  event: PauseEvent,
  reporter: EventReporter,
  now: Date,
): CoreV1Event {
  const metadata = object.metadata ?? {};
  const name = String(metadata.name ?? 'object');
  const instance = reporter.instance ?? hostname();
  return {
    metadata: { generateName: `${name}.`, namespace: eventNamespaceOf(object) },
    involvedObject: {
      apiVersion: object.apiVersion,
      kind: object.kind,
      name,
      ...(metadata.namespace ? { namespace: metadata.namespace } : {}),
      ...(metadata.uid ? { uid: metadata.uid } : {}),
      ...(metadata.resourceVersion ? { resourceVersion: metadata.resourceVersion } : {}),
    },
    type: event.type,
    reason: event.reason,
    message: event.message,
    action: event.reason,
    count: 1,
    firstTimestamp: now,
    lastTimestamp: now,
    source: { component: reporter.component, host: instance },
    reportingComponent: reporter.component,
    reportingInstance: instance,
  };
}

/** Creates the Event of {@link buildCoreEvent} through `CoreV1Api.createNamespacedEvent`. */
export async function recordCoreEvent(
  core: CoreV1Api,
  object: KubeObject,
  event: PauseEvent,
  reporter: EventReporter,
  now: Date = new Date(),
): Promise<void> {
  const body = buildCoreEvent(object, event, reporter, now);
  const namespace = eventNamespaceOf(object);
  await callApi(`create event ${event.reason} about ${body.involvedObject.name}`, () =>
    core.createNamespacedEvent({ namespace, body }),
  );
}
