import { hostname } from 'node:os';
import type { CoreV1Api, CoreV1Event } from '@kubernetes/client-node';
import {
  coreEventFor,
  type EventReporter,
  eventNamespaceOf,
  type KubeObject,
  type PauseEvent,
} from '@pause/core';
import { callApi } from './errors.ts';

export type { EventReporter } from '@pause/core';
export { eventNamespaceOf } from '@pause/core';

/**
 * The `core/v1` Event recording `event` about `object` (built by `coreEventFor` of
 * `@pause/core`), typed for client-node, whose serializer wants `Date` timestamps. The
 * reporting instance defaults to the host name (the pod name in a pod).
 */
export function buildCoreEvent(
  object: KubeObject,
  event: PauseEvent,
  reporter: EventReporter,
  now: Date,
): CoreV1Event {
  const body = coreEventFor(
    object,
    event,
    { ...reporter, instance: reporter.instance ?? hostname() },
    now,
  );
  return { ...body, firstTimestamp: now, lastTimestamp: now };
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
