import { GenericKind, K8s } from 'kubernetes-fluent-client';
import type { Capability } from 'pepr';

/** A running {@link driveLikePepr}: its kfc watch, the errors Pepr would log, and its start. */
export interface PeprDriver {
  watcher: { close(): void };
  errors: unknown[];
  started: Promise<void>;
}

/**
 * Feeds a capability's Reconcile binding the way Pepr's watch processor does: a kfc watch of
 * the binding's kind in `namespace`, each ADDED / MODIFIED event queued per object (Pepr's
 * default `kindNsName` queue: the next event of an object waits until its callback returned)
 * and passed to `binding.watchCallback(object, phase)`; a callback error is logged, not
 * rethrown.
 */
export function driveLikePepr(
  target: Capability,
  kind: { group: string; version: string; kind: string; plural: string },
  namespace: string,
): PeprDriver {
  const binding = target.bindings.find((b) => b.isQueue && b.watchCallback);
  if (!binding?.watchCallback) throw new Error('the capability has no Reconcile binding');
  const callback = binding.watchCallback;
  const queues = new Map<string, Promise<void>>();
  const errors: unknown[] = [];
  const watcher = K8s(GenericKind, { kindOverride: kind })
    .InNamespace(namespace)
    .Watch(async (object, phase) => {
      if (phase !== 'ADDED' && phase !== 'MODIFIED') return; // IsCreatedOrUpdated
      const key = `${object.kind}/${object.metadata?.namespace}/${object.metadata?.name}`;
      const next = (queues.get(key) ?? Promise.resolve()).then(() =>
        Promise.resolve(callback(object as never, phase as never)).catch((error: unknown) => {
          errors.push(error);
        }),
      );
      queues.set(key, next);
      await next;
    });
  return { watcher, errors, started: watcher.start().then(() => undefined) };
}
