import type { ObjectRef, PauseEvent } from '@pause/core';
import type { KubeEndpoint } from '@pause/kube-harness';
import { kubeRequestExpecting } from './request-expecting.ts';

interface EventItem {
  type?: string;
  reason?: string;
  message?: string;
  metadata: { resourceVersion: string };
}

/**
 * The core/v1 Events about the object (by name and kind, in its namespace or `default` for a
 * cluster-scoped one), oldest first (by resourceVersion), read directly from the server.
 */
export async function listEvents(endpoint: KubeEndpoint, ref: ObjectRef): Promise<PauseEvent[]> {
  const selector = encodeURIComponent(
    `involvedObject.name=${ref.name},involvedObject.kind=${ref.kind}`,
  );
  const list = await kubeRequestExpecting<{ items: EventItem[] }>(endpoint, {
    path: `/api/v1/namespaces/${ref.namespace ?? 'default'}/events?fieldSelector=${selector}`,
  });
  return list.items
    .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
    .map((item) => ({
      type: item.type as PauseEvent['type'],
      reason: item.reason as PauseEvent['reason'],
      message: item.message ?? '',
    }));
}
