import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { ProvidedKube } from '@pause/kube-harness';
import {
  buildKubeConfig,
  type FaultProxy,
  type KubeEndpoint,
  kubeconfigFileText,
  startFaultProxy,
} from '@pause/kube-harness';

/** The cluster as the adapter sees it: through a fault proxy, configured by `KUBECONFIG`. */
export interface AdapterCluster {
  /** The real API server, for acting as the user / other controllers. */
  endpoint: KubeEndpoint;
  proxy: FaultProxy;
  kubeconfigPath: string;
  close(): Promise<void>;
}

/**
 * Starts a fault proxy in front of the harness's API server and points `KUBECONFIG` at it:
 * kubernetes-fluent-client (and so the adapter) reads its cluster only from `KUBECONFIG` or
 * the in-cluster service account, on every call, so this must run before the first call.
 */
export async function startAdapterCluster(
  kube: Extract<ProvidedKube, { available: true }>,
): Promise<AdapterCluster> {
  const endpoint: KubeEndpoint = { server: kube.server, caPem: kube.caPem, token: kube.token };
  const proxy = await startFaultProxy({ target: kube.server, targetCaPem: kube.caPem });
  const dir = mkdtempSync(join(tmpdir(), 'pause-fluent-'));
  const kubeconfigPath = join(dir, 'kubeconfig.json');
  const config = buildKubeConfig(
    proxy.url,
    proxy.caPem,
    [{ name: 'admin', token: kube.token, groups: [] }],
    'admin',
  );
  writeFileSync(kubeconfigPath, kubeconfigFileText(config));
  const previous = process.env.KUBECONFIG;
  process.env.KUBECONFIG = kubeconfigPath;
  return {
    endpoint,
    proxy,
    kubeconfigPath,
    async close() {
      if (previous === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = previous;
      await proxy.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
