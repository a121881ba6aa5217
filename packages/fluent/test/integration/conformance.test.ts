import { randomBytes } from 'node:crypto';
import { describePauseConformance } from '@pause/testing/conformance';
import { GenericKind, RegisterKind } from 'kubernetes-fluent-client';
import { afterAll, beforeAll, inject } from 'vitest';
import { createFluentPauseClient, type FluentPauseClient } from '../../src/index.ts';
import { type AdapterCluster, startAdapterCluster } from './adapter-cluster.ts';
import { CLUSTER_WIDGET, ensureCrd, ensureNamespace, GROUP, VERSION, WIDGET } from './crds.ts';
import { createFluentHarness } from './harness.ts';

const kube = inject('kube');
if (!kube.available) throw new Error(kube.reason);

/** A typed model, registered the kfc way (as users of `K8s(Widget)` do). */
class Widget extends GenericKind {
  declare spec?: { size?: number };
}
RegisterKind(Widget, { group: GROUP, version: VERSION, kind: WIDGET.kind, plural: WIDGET.plural });

const namespace = `fluent-conf-${randomBytes(3).toString('hex')}`;
let cluster: AdapterCluster;
const clients: FluentPauseClient[] = [];

beforeAll(async () => {
  cluster = await startAdapterCluster(kube);
  await ensureCrd(cluster.endpoint, WIDGET);
  await ensureCrd(cluster.endpoint, CLUSTER_WIDGET);
  await ensureNamespace(cluster.endpoint, namespace);
});

afterAll(async () => {
  for (const client of clients) await client.close();
  await cluster?.close();
});

describePauseConformance('@pause/fluent, namespaced, RegisterKind model', () => {
  const client = createFluentPauseClient({
    model: Widget,
    events: { component: 'pause-conformance' },
  });
  clients.push(client);
  return createFluentHarness({
    endpoint: cluster.endpoint,
    resource: WIDGET,
    namespace,
    client,
    proxy: cluster.proxy,
  });
});

describePauseConformance('@pause/fluent, cluster-scoped, GenericKind + kind', () => {
  const client = createFluentPauseClient({
    model: GenericKind,
    kind: {
      group: GROUP,
      version: VERSION,
      kind: CLUSTER_WIDGET.kind,
      plural: CLUSTER_WIDGET.plural,
    },
  });
  clients.push(client);
  return createFluentHarness({
    endpoint: cluster.endpoint,
    resource: CLUSTER_WIDGET,
    namespace,
    client,
    proxy: cluster.proxy,
  });
});
