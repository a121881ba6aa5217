import {
  type FaultProxy,
  type KubeConfigOptions,
  type KubeHarnessInfo,
  startFaultProxy,
} from '@pause/kube-harness';
import { pointKubeconfigEnv, writeKubeconfigFile } from './kubeconfig-env.ts';

/**
 * A fault proxy in front of the real server plus the kubeconfig that sends an adapter through
 * it (as the cluster's current user), as plain data and as a file.
 */
export interface AdapterProxy extends FaultProxy {
  /** For `new KubeConfig().loadFromOptions(...)` of `@kubernetes/client-node`. */
  readonly kubeConfig: KubeConfigOptions;
  /** The same kubeconfig as a file (for clients that read `KUBECONFIG`). */
  readonly kubeconfigPath: string;
  /**
   * Points `process.env.KUBECONFIG` at {@link AdapterProxy.kubeconfigPath} (kubernetes-fluent-client
   * reads only that); `close()` restores the previous value.
   */
  exportKubeconfig(): void;
}

/** `kubeConfig` with its current context's cluster replaced by `server`, trusting `caPem`. */
function throughServer(kubeConfig: KubeConfigOptions, server: string, caPem: string) {
  const context = kubeConfig.contexts.find((c) => c.name === kubeConfig.currentContext);
  const user = kubeConfig.users.find((u) => u.name === context?.user);
  if (!context || !user) throw new Error('kubeconfig without a current context and user');
  const cluster = 'pause-fault-proxy';
  return {
    clusters: [
      {
        name: cluster,
        server,
        caData: Buffer.from(caPem).toString('base64'),
        skipTLSVerify: false,
      },
    ],
    users: [user],
    contexts: [{ name: context.name, cluster, user: user.name }],
    currentContext: context.name,
  } satisfies KubeConfigOptions;
}

/** Starts an {@link AdapterProxy} in front of the cluster's API server. */
export async function startAdapterProxy(info: KubeHarnessInfo): Promise<AdapterProxy> {
  const proxy = await startFaultProxy({ target: info.server, targetCaPem: info.caPem });
  const kubeConfig = throughServer(info.kubeConfig, proxy.url, proxy.caPem);
  const file = writeKubeconfigFile(kubeConfig);
  let restoreEnv: (() => void) | undefined;
  return {
    ...proxy,
    kubeConfig,
    kubeconfigPath: file.path,
    exportKubeconfig() {
      restoreEnv ??= pointKubeconfigEnv(file.path);
    },
    async close() {
      restoreEnv?.();
      restoreEnv = undefined;
      await proxy.close();
      file.remove();
    },
  };
}
