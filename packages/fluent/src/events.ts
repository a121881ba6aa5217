import { type CoreEventBody, coreEventFor, type KubeObject, type PauseEvent } from '@pause/core';
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
 * The `core/v1` Event recording `event` about `object` (`coreEventFor` of `@pause/core`), with
 * this package's defaults: component `pause`, instance the `HOSTNAME` environment variable.
 */
export function buildCoreEvent(
  object: KubeObject,
  event: PauseEvent,
  source: EventSource,
  now: Date,
): CoreEventBody {
  const instance = source.instance ?? process.env.HOSTNAME;
  return coreEventFor(
    object,
    event,
    { component: source.component ?? 'pause', ...(instance ? { instance } : {}) },
    now,
  );
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
