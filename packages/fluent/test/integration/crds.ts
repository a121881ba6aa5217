import type { KubeEndpoint } from '@pause/kube-harness';
import { direct, directRaw, eventually } from './direct.ts';

/** API group of every test resource of this package. */
export const GROUP = 'fluent.pause.test';
export const VERSION = 'v1';
export const API_VERSION = `${GROUP}/${VERSION}`;

/** One test resource type. */
export interface TestResource {
  kind: string;
  plural: string;
  scope: 'Namespaced' | 'Cluster';
  /** `map`: `status.conditions` is a map-list keyed by `type`; `free`: status is not validated (malformed status can be stored). */
  conditions: 'map' | 'free';
}

/** Namespaced, status not validated (the conformance suite stores malformed status on purpose). */
export const WIDGET: TestResource = {
  kind: 'Widget',
  plural: 'widgets',
  scope: 'Namespaced',
  conditions: 'free',
};
/** Cluster-scoped, status not validated. */
export const CLUSTER_WIDGET: TestResource = {
  kind: 'ClusterWidget',
  plural: 'clusterwidgets',
  scope: 'Cluster',
  conditions: 'free',
};
/** Namespaced, `status.conditions` a map-list keyed by `type` (server-side apply merges per entry). */
export const GADGET: TestResource = {
  kind: 'Gadget',
  plural: 'gadgets',
  scope: 'Namespaced',
  conditions: 'map',
};

const conditionsSchema = {
  type: 'array',
  'x-kubernetes-list-type': 'map',
  'x-kubernetes-list-map-keys': ['type'],
  items: {
    type: 'object',
    required: ['type', 'status'],
    properties: {
      type: { type: 'string' },
      status: { type: 'string', enum: ['True', 'False', 'Unknown'] },
      reason: { type: 'string' },
      message: { type: 'string' },
      lastTransitionTime: { type: 'string', format: 'date-time' },
      observedGeneration: { type: 'integer' },
    },
  },
};

function crdOf(resource: TestResource) {
  const status =
    resource.conditions === 'map'
      ? { type: 'object', properties: { conditions: conditionsSchema } }
      : { type: 'object', 'x-kubernetes-preserve-unknown-fields': true };
  return {
    apiVersion: 'apiextensions.k8s.io/v1',
    kind: 'CustomResourceDefinition',
    metadata: { name: `${resource.plural}.${GROUP}` },
    spec: {
      group: GROUP,
      scope: resource.scope,
      names: {
        plural: resource.plural,
        singular: resource.kind.toLowerCase(),
        kind: resource.kind,
        listKind: `${resource.kind}List`,
      },
      versions: [
        {
          name: VERSION,
          served: true,
          storage: true,
          subresources: { status: {} },
          schema: {
            openAPIV3Schema: {
              type: 'object',
              properties: {
                spec: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true },
                status,
              },
            },
          },
        },
      ],
    },
  };
}

/** Creates the CRD of `resource` (when absent) and waits until objects of it can be listed. */
export async function ensureCrd(endpoint: KubeEndpoint, resource: TestResource): Promise<void> {
  const crd = crdOf(resource);
  const res = await directRaw(endpoint, {
    path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
    body: crd,
  });
  if (res.status !== 201 && res.status !== 409)
    throw new Error(`create CRD: ${res.status} ${res.text}`);
  const list = `/apis/${GROUP}/${VERSION}/${resource.plural}`;
  await eventually(`${resource.plural} served`, async () => {
    const got = await directRaw(endpoint, { path: list });
    return got.status === 200 ? true : undefined;
  });
}

/** Creates namespace `name`. */
export async function ensureNamespace(endpoint: KubeEndpoint, name: string): Promise<void> {
  await direct(
    endpoint,
    {
      path: '/api/v1/namespaces',
      body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name } },
    },
    [201, 409],
  );
}
