import type { KubeHarnessInfo } from '@pause/kube-harness';
import { inject } from 'vitest';

/**
 * The cluster of the vitest global setup (`@pause/kube-harness/vitest-global-setup`), from
 * `inject('kube')`; throws when there is none, so a missing server is never a skip.
 */
export function injectedKube(): KubeHarnessInfo {
  const kube = inject('kube');
  if (!kube.available) throw new Error(`no Kubernetes API server: ${kube.reason}`);
  return kube;
}
