import {
  ApiextensionsV1Api,
  CoreV1Api,
  KubeConfig,
  type V1CustomResourceDefinition,
} from '@kubernetes/client-node';
import type { KubeHarnessInfo } from '@pause/kube-harness';
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

const conditionsAsMap = {
  type: 'array',
  x_kubernetes_list_type: 'map',
  x_kubernetes_list_map_keys: ['type'],
  items: {
    type: 'object',
    required: ['type'],
    x_kubernetes_preserve_unknown_fields: true,
    properties: {
      type: { type: 'string' },
      status: { type: 'string' },
      reason: { type: 'string' },
      message: { type: 'string' },
      lastTransitionTime: { type: 'string' },
      observedGeneration: { type: 'integer' },
    },
  },
};

function crdOf(flavour: CrdFlavour, namespaced: boolean): V1CustomResourceDefinition {
  const resource = testResource(flavour, namespaced);
  const status =
    flavour === 'loose'
      ? { type: 'object', x_kubernetes_preserve_unknown_fields: true }
      : {
          type: 'object',
          x_kubernetes_preserve_unknown_fields: true,
          properties: { conditions: conditionsAsMap },
        };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${resource.plural}.${GROUP}` },
    spec: {
      group: GROUP,
      scope: namespaced ? 'Namespaced' : 'Cluster',
      names: {
        kind: resource.kind,
        plural: resource.plural,
        singular: resource.kind.toLowerCase(),
      },
      versions: [
        {
          name: 'v1',
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: { type: 'object', x_kubernetes_preserve_unknown_fields: true },
                status,
              },
            } as never,
          },
        },
      ],
    },
  };
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
export function prepareCluster(kubeConfig: KubeConfig = adminKubeConfig()): Promise<void> {
  prepared ??= (async () => {
    const extensions = kubeConfig.makeApiClient(ApiextensionsV1Api);
    const core = kubeConfig.makeApiClient(CoreV1Api);
    await ignoreConflict(() => core.createNamespace({ body: { metadata: { name: NAMESPACE } } }));
    const combos: Array<[CrdFlavour, boolean]> = [
      ['loose', true],
      ['loose', false],
      ['map', true],
      ['map', false],
    ];
    for (const [flavour, namespaced] of combos) {
      const body = crdOf(flavour, namespaced);
      await ignoreConflict(() => extensions.createCustomResourceDefinition({ body }));
      const name = body.metadata?.name as string;
      for (let i = 0; ; i++) {
        const crd = await extensions.readCustomResourceDefinition({ name });
        if (crd.status?.conditions?.some((c) => c.type === 'Established' && c.status === 'True')) {
          break;
        }
        if (i > 100) throw new Error(`CRD ${name} not established`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  })();
  return prepared;
}
