import type { Condition, KubeObject } from '@pause/core';
import type { TestResource } from '@pause/real-cluster';

/** The resource of the README examples: `widgets.example.com`, namespaced. */
export const EXAMPLE_WIDGETS: TestResource = {
  group: 'example.com',
  version: 'v1',
  kind: 'Widget',
  plural: 'widgets',
  namespaced: true,
  conditions: 'free',
};

/** The condition of `type` in the object's `status.conditions`, if any. */
export function conditionOf(object: KubeObject | undefined, type: string): Condition | undefined {
  const list = (object?.status as { conditions?: Condition[] } | undefined)?.conditions;
  return list?.find((entry) => entry.type === type);
}
