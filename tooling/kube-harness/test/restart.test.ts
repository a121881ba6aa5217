import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventually, type KubeHarness, kubeRequest, start } from '../src/index.ts';

/** Its own servers (not the global setup's): they are killed and restarted. */
describe('kube-harness restarts: kill the API server or etcd by PID, start it again', () => {
  let harness: KubeHarness | undefined;
  const name = `restart-${randomBytes(3).toString('hex')}`;

  beforeAll(async () => {
    harness = await start({ ignoreExternal: true });
  }, 120_000);
  afterAll(async () => {
    await harness?.stop();
  });

  it('keeps the port, the credentials and the data across an API server SIGKILL', async () => {
    const h = harness as KubeHarness;
    const api = h.endpoint();
    const body = { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name }, data: { a: '1' } };
    const created = await kubeRequest(api, {
      method: 'POST',
      path: '/api/v1/namespaces/default/configmaps',
      body,
    });
    expect(created.status).toBe(201);
    const before = h.pids.apiServer;
    await h.killApiServer();
    await expect(kubeRequest(api, { path: '/readyz', timeoutMs: 2_000 })).rejects.toThrow();
    const after = await h.restartApiServer();
    expect(after).not.toBe(before);
    expect(h.pids.apiServer).toBe(after);
    const read = await kubeRequest<{ data: Record<string, string> }>(api, {
      path: `/api/v1/namespaces/default/configmaps/${name}`,
    });
    expect(read.status).toBe(200);
    expect(read.body.data).toEqual({ a: '1' });
    await expect(h.restartApiServer()).rejects.toThrow(/still running/);
  });

  it('keeps the data across an etcd SIGKILL under a running API server', async () => {
    const h = harness as KubeHarness;
    const api = h.endpoint();
    const before = h.pids.etcd;
    await h.killEtcd();
    const after = await h.restartEtcd();
    expect(after).not.toBe(before);
    expect(h.pids.etcd).toBe(after);
    const read = await eventually(
      'the config map readable after the etcd restart',
      async () => {
        const res = await kubeRequest<{ data: Record<string, string> }>(api, {
          path: `/api/v1/namespaces/default/configmaps/${name}`,
          timeoutMs: 5_000,
        }).catch(() => undefined);
        return res?.status === 200 ? res : undefined;
      },
      60_000,
      200,
    );
    expect(read.body.data).toEqual({ a: '1' });
  });
});
