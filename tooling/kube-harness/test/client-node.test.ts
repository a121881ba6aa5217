import { CoreV1Api, KubeConfig } from '@kubernetes/client-node';
import { describe, expect, inject, it } from 'vitest';

const kube = inject('kube');
if (!kube.available) throw new Error(kube.reason);

describe('the provided kubeconfig works with @kubernetes/client-node', () => {
  it('loadFromOptions(kubeConfig): admin lists namespaces, limited-1 is forbidden', async () => {
    if (!kube.available) return;
    const kc = new KubeConfig();
    kc.loadFromOptions(kube.kubeConfig);
    const namespaces = await kc.makeApiClient(CoreV1Api).listNamespace();
    expect(namespaces.items.map((n) => n.metadata?.name)).toContain('kube-system');

    if (kube.external) return; // pre-made limited users exist only on the harness's server
    kc.setCurrentContext('limited-1');
    await expect(kc.makeApiClient(CoreV1Api).listNamespace()).rejects.toMatchObject({
      code: 403,
    });
  });

  it('loadFromFile(kubeconfigPath) reaches the same server', async () => {
    if (!kube.available) return;
    const kc = new KubeConfig();
    kc.loadFromFile(kube.kubeconfigPath);
    expect(kc.getCurrentCluster()?.server).toBe(kube.server);
    const res = await kc.makeApiClient(CoreV1Api).readNamespace({ name: 'kube-system' });
    expect(res.metadata?.name).toBe('kube-system');
  });
});
