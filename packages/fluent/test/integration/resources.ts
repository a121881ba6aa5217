import type { TestResource } from '@pause/real-cluster';

const group = 'fluent.pause.test';
const version = 'v1';

/** Namespaced, status not validated (the conformance suite stores malformed status on purpose). */
export const WIDGET: TestResource = {
  group,
  version,
  kind: 'Widget',
  plural: 'widgets',
  namespaced: true,
  conditions: 'free',
};
/** Cluster-scoped, status not validated. */
export const CLUSTER_WIDGET: TestResource = {
  group,
  version,
  kind: 'ClusterWidget',
  plural: 'clusterwidgets',
  namespaced: false,
  conditions: 'free',
};
/** Namespaced, `status.conditions` a map-list keyed by `type` (server-side apply merges per entry). */
export const GADGET: TestResource = {
  group,
  version,
  kind: 'Gadget',
  plural: 'gadgets',
  namespaced: true,
  conditions: 'map',
};

/** The kubernetes-fluent-client kind (`RegisterKind`, `kindOverride`) of a test resource. */
export function kfcKind({ group, version, kind, plural }: TestResource) {
  return { group, version, kind, plural };
}
