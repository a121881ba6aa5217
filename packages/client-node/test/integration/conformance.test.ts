import { connectRealCluster, createConformanceHarness } from '@pause/real-cluster';
import { describePauseConformance } from '@pause/testing/conformance';
import type { StatusStrategy } from '../../src/index.ts';
import { NAMESPACE, testClient, testResource } from './cluster.ts';

const cluster = connectRealCluster();
const cases: Array<{ strategy: StatusStrategy; namespaced: boolean }> = [
  { strategy: 'json-patch', namespaced: true },
  { strategy: 'json-patch', namespaced: false },
  { strategy: 'server-side-apply', namespaced: true },
  { strategy: 'server-side-apply', namespaced: false },
];

for (const { strategy, namespaced } of cases) {
  describePauseConformance(
    `@pause/client-node, ${strategy}, ${namespaced ? 'namespaced' : 'cluster-scoped'}, real kube-apiserver`,
    async () => {
      const resource = testResource(strategy === 'server-side-apply' ? 'map' : 'free', namespaced);
      const proxy = await cluster.startFaultProxy();
      const client = testClient(proxy.kubeConfig, resource, strategy);
      return createConformanceHarness({
        cluster,
        resource,
        namespace: NAMESPACE,
        client,
        proxy,
        closeOnCleanup: [client, proxy],
      });
    },
    strategy === 'server-side-apply'
      ? {
          unsupported: {
            'malformed-conditions-never-written':
              'server-side apply needs a CRD declaring status.conditions as a map list; its schema rejects a non-list status.conditions, so the malformed state cannot be stored (covered by the json-patch runs)',
          },
        }
      : {},
  );
}
