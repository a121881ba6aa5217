import { createRequire } from 'node:module';
import { pathToFileURL } from 'node:url';
import type { KubeConfigLike } from '@pause/http';

/** The part of client-node's `KubeConfig` class (1.x and 2.x) this package calls. */
interface FluentKubeConfig extends KubeConfigLike {
  loadFromDefault(): void;
}

let kubeConfigClass: Promise<new () => FluentKubeConfig> | undefined;

/**
 * The `KubeConfig` class of the `@kubernetes/client-node` that the installed
 * kubernetes-fluent-client itself depends on, resolved from kfc's own location: the same
 * kubeconfig handling as kfc's calls, with no extra dependency.
 */
function fluentKubeConfigClass(): Promise<new () => FluentKubeConfig> {
  kubeConfigClass ??= (async () => {
    const kfcEntry = createRequire(import.meta.url).resolve('kubernetes-fluent-client');
    const clientNode = (await import(
      pathToFileURL(createRequire(kfcEntry).resolve('@kubernetes/client-node')).href
    )) as { KubeConfig: new () => FluentKubeConfig };
    return clientNode.KubeConfig;
  })();
  return kubeConfigClass;
}

/**
 * kfc's cluster: `KubeConfig.loadFromDefault()` (`KUBECONFIG`, else `~/.kube/config`, else the
 * in-cluster service account), loaded when called (the connection calls it on first use).
 */
export async function loadFluentKubeConfig(): Promise<KubeConfigLike> {
  const KubeConfig = await fluentKubeConfigClass();
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromDefault();
  return kubeConfig;
}
