import { type KubeObject, PauseReasons } from '@pause/core';
import { type KubeConnection, resourcePath } from '@pause/http';
import { type Context, sleep } from './context.ts';
import { apiErrorMessage } from './kube.ts';
import { confirmed, forEachLimited, pauseCondition } from './model.ts';
import type { PausedResource } from './namespace-policy.ts';
import { qualifiedName } from './resolve-type.ts';

/**
 * True when a namespace pause (or its end) shows on `object`: pausing, its condition is `True`
 * for its generation; resuming, it has no `True` condition of reason `PausedByNamespace`.
 */
export function namespaceConfirmed(
  object: KubeObject,
  conditionType: string,
  pausing: boolean,
): boolean {
  if (pausing) return confirmed(object, { conditionType }, true);
  const condition = pauseCondition(object, { conditionType });
  return condition?.status !== 'True' || condition.reason !== PauseReasons.PausedByNamespace;
}

/** The objects of `resources` in `namespace` not confirmed yet (or why they cannot be read). */
async function unconfirmedIn(
  connection: KubeConnection,
  namespace: string,
  resources: readonly PausedResource[],
  pausing: boolean,
): Promise<string[]> {
  const pending: string[] = [];
  for (const { resource, conditionType } of resources) {
    const name = qualifiedName(resource);
    try {
      const list = await connection.send<{ items?: KubeObject[] }>({
        method: 'GET',
        path: resourcePath({ ...resource, plural: resource.name }, { namespace }),
        operation: `list ${name}`,
      });
      for (const object of list.items ?? []) {
        if (!namespaceConfirmed(object, conditionType, pausing)) {
          pending.push(`${name}/${object.metadata?.name ?? '?'} in namespace ${namespace}`);
        }
      }
    } catch (error) {
      pending.push(
        `${name} in namespace ${namespace}: ${apiErrorMessage(error, 'list', name, namespace)}`,
      );
    }
  }
  return pending;
}

/**
 * Waits until every object of `resources` in each of `namespaces` confirms the namespace pause
 * (or its end), checking every `ctx.pollMs` until `ctx.invocation.waitMs` is over. Resolves
 * with the objects never confirmed, sorted (empty: all confirmed).
 */
export async function waitForNamespaces(
  ctx: Context,
  connection: KubeConnection,
  resources: readonly PausedResource[],
  namespaces: readonly string[],
  pausing: boolean,
): Promise<string[]> {
  const deadline = Date.now() + (ctx.invocation.waitMs ?? 0);
  let waiting = [...namespaces];
  let pending: string[] = [];
  for (;;) {
    const still: string[] = [];
    pending = [];
    await forEachLimited(waiting, ctx.invocation.concurrency, async (namespace) => {
      const left = await unconfirmedIn(connection, namespace, resources, pausing);
      if (left.length === 0) {
        ctx.out.write(`namespace/${namespace} confirmed by the controllers\n`);
      } else {
        still.push(namespace);
        pending.push(...left);
      }
    });
    waiting = still;
    if (waiting.length === 0 || Date.now() >= deadline) break;
    await sleep(ctx.pollMs);
  }
  return pending.sort();
}
