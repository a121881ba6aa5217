import type { TestResource } from '@pause/real-cluster';

/** The test resource: namespaced `Widget`, status not validated (malformed status can be stored). */
export const WIDGET: TestResource = {
  group: 'conformance.pause.dev',
  version: 'v1',
  kind: 'Widget',
  plural: 'widgets',
  namespaced: true,
  conditions: 'free',
};
