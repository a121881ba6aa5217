import { createServer } from 'node:net';
import { KubeConfig } from '@kubernetes/client-node';
import { PauseApiError, PauseError } from '@pause/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createClientNodePauseClient } from './client.ts';

// What needs no API server at all. Everything that talks to one is proven against a real
// kube-apiserver in test/integration/client.test.ts.

const resource = { group: 'example.com', version: 'v1', plural: 'widgets', kind: 'Widget' };
const ref = { apiVersion: 'example.com/v1', kind: 'Widget', name: 'w', namespace: 'a' };
const previousKubeconfig = process.env.KUBECONFIG;

afterEach(() => {
  if (previousKubeconfig === undefined) delete process.env.KUBECONFIG;
  else process.env.KUBECONFIG = previousKubeconfig;
});

/** A port on 127.0.0.1 that nothing listens on (bound by the OS, then released). */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('createClientNodePauseClient without a server', () => {
  it('refuses an unknown status strategy with PauseError', () => {
    expect(() =>
      createClientNodePauseClient({ resource, statusStrategy: 'merge-patch' as 'json-patch' }),
    ).toThrow(PauseError);
  });

  it('reads no kubeconfig when created: a missing KUBECONFIG file fails the first call', async () => {
    process.env.KUBECONFIG = '/nonexistent/pause-test-kubeconfig';
    const client = createClientNodePauseClient({ resource });
    expect(client.connection.stats()).toEqual({ connectionsOpened: 0, requests: 0 });
    await expect(client.read(ref)).rejects.toThrow(/pause-test-kubeconfig/);
    await client.close();
  });

  it('fails a call to a closed port on 127.0.0.1 with PauseApiError kind network', async () => {
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions({
      clusters: [
        { name: 'c', server: `https://127.0.0.1:${await closedPort()}`, skipTLSVerify: true },
      ],
      users: [{ name: 'u', token: 'secret' }],
      contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
      currentContext: 'x',
    });
    const client = createClientNodePauseClient({ resource, kubeConfig });
    const error = await client.read(ref).catch((e: unknown) => e);
    expect(PauseApiError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'network', retryable: true, statusCode: undefined });
    expect(client.connection.stats()).toEqual({ connectionsOpened: 0, requests: 1 });
    await client.close();
  });
});
