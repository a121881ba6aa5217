import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { type CrdManifest, installCrd, type KubeHarnessInfo, testCrd } from '@pause/kube-harness';
import { inject } from 'vitest';
import type { CustomResource } from '../../src/index.ts';

/** The test group; every CRD of these tests lives in it. */
export const GROUP = 'clientnode.pause.test';
/** Namespace of the namespaced test objects. */
export const NAMESPACE = 'pause-client-node';

/**
 * Test CRDs: `loose` ones keep any `status` (`x-kubernetes-preserve-unknown-fields`, so the
 * malformed-status scenarios can store what they need; their `conditions` list is atomic, the
 * JSON Patch strategy's case), `map` ones declare `status.conditions` as
 * `x-kubernetes-list-type: map` keyed by `type` (the server-side apply strategy's case).
 */
export type CrdFlavour = 'loose' | 'map';

/** The custom resource of a flavour and scope. */
export function testResource(flavour: CrdFlavour, namespaced: boolean): CustomResource {
  const base = `${flavour === 'loose' ? 'Loose' : 'Mapped'}${namespaced ? '' : 'Cluster'}Widget`;
  return {
    group: GROUP,
    version: 'v1',
    kind: base,
    plural: `${base.toLowerCase()}s`,
    namespaced,
  };
}

function crdOf(flavour: CrdFlavour, namespaced: boolean): CrdManifest {
  const { group, version, kind, plural } = testResource(flavour, namespaced);
  return testCrd({
    group,
    version,
    kind,
    plural,
    scope: namespaced ? 'Namespaced' : 'Cluster',
    ...(flavour === 'loose'
      ? { conditions: 'free' }
      : { conditions: 'map', conditionSchema: 'lenient' }),
  });
}

/** The cluster of the vitest global setup; fails the test run when there is none. */
export function kubeInfo(): KubeHarnessInfo {
  const kube = inject('kube');
  if (!kube.available) throw new Error(kube.reason);
  return kube;
}

/** An admin `KubeConfig` of the harness's cluster. */
export function adminKubeConfig(info: KubeHarnessInfo = kubeInfo()): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions(structuredClone(info.kubeConfig));
  return kubeConfig;
}

/** A copy of `kubeConfig` whose cluster is `server`, trusting `caPem` (e.g. the fault proxy). */
export function kubeConfigVia(kubeConfig: KubeConfig, server: string, caPem: string): KubeConfig {
  const cluster = kubeConfig.getCurrentCluster();
  const user = kubeConfig.getCurrentUser();
  if (!cluster || !user) throw new Error('kubeconfig without a current cluster/user');
  const copy = new KubeConfig();
  copy.loadFromClusterAndUser(
    { ...cluster, server, caData: Buffer.from(caPem).toString('base64'), caFile: undefined },
    user,
  );
  return copy;
}

async function ignoreConflict(call: () => Promise<unknown>): Promise<void> {
  try {
    await call();
  } catch (error) {
    if ((error as { code?: number }).code !== 409) throw error;
  }
}

let prepared: Promise<void> | undefined;

/** Creates the test namespace and the four test CRDs once, and waits until they are served. */
export function prepareCluster(info: KubeHarnessInfo = kubeInfo()): Promise<void> {
  prepared ??= (async () => {
    const core = adminKubeConfig(info).makeApiClient(CoreV1Api);
    await ignoreConflict(() => core.createNamespace({ body: { metadata: { name: NAMESPACE } } }));
    const endpoint = { server: info.server, caPem: info.caPem, token: info.token };
    const combos: Array<[CrdFlavour, boolean]> = [
      ['loose', true],
      ['loose', false],
      ['map', true],
      ['map', false],
    ];
    for (const [flavour, namespaced] of combos) {
      await installCrd(endpoint, crdOf(flavour, namespaced));
    }
  })();
  return prepared;
}
