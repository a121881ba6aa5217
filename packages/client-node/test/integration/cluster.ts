import { KubeConfig } from '@kubernetes/client-node';
import type { KubeConfigOptions } from '@pause/kube-harness';
import type { TestResource } from '@pause/real-cluster';
import {
  type ClientNodePauseClient,
  createClientNodePauseClient,
  type StatusStrategy,
} from '../../src/index.ts';

/** Namespace of the namespaced test objects. */
export const NAMESPACE = 'pause-client-node';

/**
 * The test resource of a scope: `free` CRDs keep any `status` (the malformed-status scenarios
 * store what they need; their `conditions` list is atomic, the JSON Patch strategy's case),
 * `map` ones declare `status.conditions` a map-list keyed by `type` (server-side apply's case).
 */
export function testResource(conditions: 'free' | 'map', namespaced: boolean): TestResource {
  const kind = `${conditions === 'free' ? 'Loose' : 'Mapped'}${namespaced ? '' : 'Cluster'}Widget`;
  return {
    group: 'clientnode.pause.test',
    version: 'v1',
    kind,
    plural: `${kind.toLowerCase()}s`,
    namespaced,
    conditions,
    ...(conditions === 'map' ? { conditionSchema: 'lenient' as const } : {}),
  };
}

/** A client-node `KubeConfig` loaded from plain kubeconfig options (e.g. a fault proxy's). */
export function kubeConfigOf(options: KubeConfigOptions): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions(structuredClone(options));
  return kubeConfig;
}

/** The adapter under test on `resource`, as the conformance and concurrency tests configure it. */
export function testClient(
  kubeConfig: KubeConfigOptions,
  resource: TestResource,
  statusStrategy: StatusStrategy,
): ClientNodePauseClient {
  return createClientNodePauseClient({
    kubeConfig: kubeConfigOf(kubeConfig),
    resource,
    statusStrategy,
    fieldManager: 'pause-test-controller',
    reportingComponent: 'pause.test/client-node',
  });
}
