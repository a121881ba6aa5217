import type { PauseEvent } from './decision.ts';
import { type Instant, toMillis } from './instant.ts';
import type { KubeObject } from './kube-object.ts';
import { cutAt } from './messages.ts';
import { formatRfc3339 } from './validation.ts';

/** Longest Event message pause sends (client-go's event recorder cuts notes at 1 KiB too). */
export const MAX_EVENT_MESSAGE = 1024;

/** Who reports pause's Events: `reportingComponent` / `source.component`, and the instance. */
export interface EventReporter {
  /** e.g. `example.com/widget-controller` or a Pepr module name. */
  component: string;
  /** `reportingInstance` / `source.host`, e.g. the pod name; left out when not given. */
  instance?: string;
}

/** A `core/v1` Event as plain JSON: what every client sends to `POST .../events`. */
export interface CoreEventBody {
  apiVersion: 'v1';
  kind: 'Event';
  metadata: { generateName: string; namespace: string };
  involvedObject: {
    apiVersion?: string;
    kind?: string;
    name: string;
    namespace?: string;
    uid?: string;
    resourceVersion?: string;
  };
  type: PauseEvent['type'];
  reason: PauseEvent['reason'];
  message: string;
  action: PauseEvent['reason'];
  count: number;
  /** RFC 3339, whole seconds. */
  firstTimestamp: string;
  /** RFC 3339, whole seconds. */
  lastTimestamp: string;
  source: { component: string; host?: string };
  reportingComponent: string;
  reportingInstance?: string;
}

/** The namespace of an Event about `object`: its own, or `default` when cluster-scoped (as client-go). */
export function eventNamespaceOf(object: KubeObject): string {
  return object.metadata?.namespace || 'default';
}

/**
 * The `core/v1` Event recording `event` about `object` (the Events `kubectl describe` shows):
 * named after the object with a server-generated suffix, `involvedObject` pointing at it by uid
 * and resourceVersion, the message cut at {@link MAX_EVENT_MESSAGE}. Pure: the time is given.
 */
export function coreEventFor(
  object: KubeObject,
  event: PauseEvent,
  reporter: EventReporter,
  now: Instant,
): CoreEventBody {
  const meta = object.metadata ?? {};
  const name = String(meta.name ?? 'object');
  const time = formatRfc3339(toMillis(now));
  const message =
    event.message.length > MAX_EVENT_MESSAGE
      ? `${cutAt(event.message, MAX_EVENT_MESSAGE - 1)}…`
      : event.message;
  const body: CoreEventBody = {
    apiVersion: 'v1',
    kind: 'Event',
    metadata: { generateName: `${name}.`, namespace: eventNamespaceOf(object) },
    involvedObject: {
      ...(object.apiVersion ? { apiVersion: object.apiVersion } : {}),
      ...(object.kind ? { kind: object.kind } : {}),
      name,
      ...(meta.namespace ? { namespace: meta.namespace } : {}),
      ...(meta.uid ? { uid: meta.uid } : {}),
      ...(meta.resourceVersion ? { resourceVersion: meta.resourceVersion } : {}),
    },
    type: event.type,
    reason: event.reason,
    message,
    action: event.reason,
    count: 1,
    firstTimestamp: time,
    lastTimestamp: time,
    source: {
      component: reporter.component,
      ...(reporter.instance ? { host: reporter.instance } : {}),
    },
    reportingComponent: reporter.component,
  };
  if (reporter.instance) body.reportingInstance = reporter.instance;
  return body;
}
