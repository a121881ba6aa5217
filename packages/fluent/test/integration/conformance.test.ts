import { randomBytes } from 'node:crypto';
import {
  type AdapterProxy,
  connectRealCluster,
  createConformanceHarness,
} from '@pause/real-cluster';
import { describePauseConformance } from '@pause/testing/conformance';
import { GenericKind, RegisterKind } from 'kubernetes-fluent-client';
import { afterAll, beforeAll } from 'vitest';
import { createFluentPauseClient } from '../../src/index.ts';
import { CLUSTER_WIDGET, kfcKind, WIDGET } from './resources.ts';

/** A typed model, registered the kfc way (as users of `K8s(Widget)` do). */
class Widget extends GenericKind {
  declare spec?: { size?: number };
}
RegisterKind(Widget, kfcKind(WIDGET));

const cluster = connectRealCluster();
const namespace = `fluent-conf-${randomBytes(3).toString('hex')}`;
let proxy: AdapterProxy;

beforeAll(async () => {
  proxy = await cluster.startFaultProxy();
  proxy.exportKubeconfig(); // kubernetes-fluent-client reads its cluster from KUBECONFIG only
});

afterAll(async () => {
  await proxy?.close();
});

describePauseConformance('@pause/fluent, namespaced, RegisterKind model', () => {
  const client = createFluentPauseClient({
    model: Widget,
    events: { component: 'pause-conformance' },
  });
  return createConformanceHarness({
    cluster,
    resource: WIDGET,
    namespace,
    client,
    proxy,
    closeOnCleanup: [client],
  });
});

describePauseConformance('@pause/fluent, cluster-scoped, GenericKind + kind', () => {
  const client = createFluentPauseClient({ model: GenericKind, kind: kfcKind(CLUSTER_WIDGET) });
  return createConformanceHarness({
    cluster,
    resource: CLUSTER_WIDGET,
    namespace,
    client,
    proxy,
    closeOnCleanup: [client],
  });
});
