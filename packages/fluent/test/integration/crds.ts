import { installCrd, type KubeEndpoint, testCrd } from '@pause/kube-harness';
import { direct } from './direct.ts';

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

/** Creates the CRD of `resource` (when absent) and waits until objects of it can be listed. */
export async function ensureCrd(endpoint: KubeEndpoint, resource: TestResource): Promise<void> {
  await installCrd(endpoint, testCrd({ group: GROUP, version: VERSION, ...resource }));
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
