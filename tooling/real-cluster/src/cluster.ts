import { installCrd, type KubeEndpoint, type KubeHarnessInfo } from '@pause/kube-harness';
import { type AdapterProxy, startAdapterProxy } from './adapter-proxy.ts';
import { injectedKube } from './injected-kube.ts';
import { kubeRequestExpecting } from './request-expecting.ts';
import { crdOf, type TestResource } from './resource.ts';

/** The real API server of the test run, as its admin, and what tests prepare on it. */
export interface RealCluster {
  /** The started (or external) cluster, as `inject('kube')` provides it. */
  readonly info: KubeHarnessInfo;
  /** The admin, directly on the server (for acting as the user and other controllers). */
  readonly endpoint: KubeEndpoint;
  /** Installs the CRD of `resource` unless present and waits until it is served (once per run). */
  ensureCrd(resource: TestResource): Promise<void>;
  /** Creates namespace `name` unless present (once per run). */
  ensureNamespace(name: string): Promise<void>;
  /** Starts a fault proxy in front of the server, with a kubeconfig for the adapter. */
  startFaultProxy(): Promise<AdapterProxy>;
}

/** What was ensured already in this test file's process, by CRD or namespace name. */
const ensured = new Map<string, Promise<void>>();

function once(key: string, make: () => Promise<void>): Promise<void> {
  let pending = ensured.get(key);
  if (!pending) {
    pending = make();
    pending.catch(() => ensured.delete(key));
    ensured.set(key, pending);
  }
  return pending;
}

/** The {@link RealCluster} of `info` (default: the one of the vitest global setup). */
export function connectRealCluster(info: KubeHarnessInfo = injectedKube()): RealCluster {
  const endpoint: KubeEndpoint = { server: info.server, caPem: info.caPem, token: info.token };
  return {
    info,
    endpoint,
    ensureCrd(resource) {
      const crd = crdOf(resource);
      return once(`${info.server} crd ${crd.metadata.name}`, () => installCrd(endpoint, crd));
    },
    ensureNamespace(name) {
      return once(`${info.server} namespace ${name}`, async () => {
        const body = { apiVersion: 'v1', kind: 'Namespace', metadata: { name } };
        await kubeRequestExpecting(endpoint, { path: '/api/v1/namespaces', body }, [201, 409]);
      });
    },
    startFaultProxy: () => startAdapterProxy(info),
  };
}
