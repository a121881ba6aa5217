import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { KubeConfig, Watch } from '@kubernetes/client-node';
import { PauseApiError, PauseError } from '@pause/core';
import { afterEach, describe, expect, it } from 'vitest';
import { createClientNodePauseClient } from './client.ts';

const resource = { group: 'example.com', version: 'v1', plural: 'widgets', kind: 'Widget' };
const ref = { apiVersion: 'example.com/v1', kind: 'Widget', name: 'w', namespace: 'a' };
const widget = { ...ref, metadata: { name: 'w', namespace: 'a', resourceVersion: '1' } };
const previousKubeconfig = process.env.KUBECONFIG;
let server: Server | undefined;

afterEach(async () => {
  if (previousKubeconfig === undefined) delete process.env.KUBECONFIG;
  else process.env.KUBECONFIG = previousKubeconfig;
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve) ?? resolve(undefined));
  server = undefined;
});

/** A kubeconfig for `url` with a bearer token (client-node wants skipTLSVerify for plain HTTP). */
function kubeConfigFor(url: string): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [{ name: 'c', server: url, skipTLSVerify: true }],
    users: [{ name: 'u', token: 'secret' }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return kubeConfig;
}

/** A plain-HTTP stand-in API server answering every request with `widget` (watches: one event). */
async function startServer(): Promise<{
  url: string;
  seen: IncomingMessage[];
  sockets: () => number;
}> {
  const seen: IncomingMessage[] = [];
  let sockets = 0;
  server = createServer((request, response) => {
    seen.push(request);
    response.setHeader('Content-Type', 'application/json');
    if (request.url?.includes('watch=true')) {
      response.end(`${JSON.stringify({ type: 'ADDED', object: widget })}\n`);
      return;
    }
    response.end(JSON.stringify(widget));
  });
  server.on('connection', () => sockets++);
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen, sockets: () => sockets };
}

describe('createClientNodePauseClient', () => {
  it('is synchronous and loads the default kubeconfig only on the first call', async () => {
    process.env.KUBECONFIG = '/nonexistent/pause-test-kubeconfig';
    const client = createClientNodePauseClient({ resource });
    expect(client.connection.stats()).toEqual({ connectionsOpened: 0, requests: 0 });
    await expect(client.read(ref)).rejects.toThrow(/pause-test-kubeconfig/);
    await client.close();
  });

  it('sends the port calls, client-node’s generated APIs and watches over one pool, with auth on each', async () => {
    const api = await startServer();
    const client = createClientNodePauseClient({ resource, kubeConfig: kubeConfigFor(api.url) });
    await client.read(ref);
    await client.customObjects.getNamespacedCustomObject({
      ...resource,
      namespace: 'a',
      name: 'w',
    });
    await client.core.listNamespacedEvent({ namespace: 'a' });
    const events: string[] = [];
    await new Promise<void>((resolve, reject) => {
      void new Watch(client.watchConfig)
        .watch(
          '/apis/example.com/v1/widgets',
          {},
          (type) => events.push(type),
          () => resolve(),
        )
        .catch(reject);
    });
    expect(events).toEqual(['ADDED']);
    expect(api.seen.map((request) => request.url)).toEqual([
      '/apis/example.com/v1/namespaces/a/widgets/w',
      '/apis/example.com/v1/namespaces/a/widgets/w',
      '/api/v1/namespaces/a/events',
      '/apis/example.com/v1/widgets?watch=true',
    ]);
    expect(api.seen.map((request) => request.headers.authorization)).toEqual(
      Array(4).fill('Bearer secret'),
    );
    expect(client.connection.stats().connectionsOpened).toBe(api.sockets());
    expect(api.sockets()).toBeLessThanOrEqual(2);
    await client.close();
  });

  it('fails a call to a server that is not there with PauseApiError kind network', async () => {
    const api = await startServer();
    await new Promise((resolve) => server?.close(resolve));
    server = undefined;
    const client = createClientNodePauseClient({ resource, kubeConfig: kubeConfigFor(api.url) });
    const error = await client.read(ref).catch((e: unknown) => e);
    expect(PauseApiError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'network', retryable: true });
    await client.close();
  });

  it('refuses an unknown status strategy with PauseError', () => {
    expect(() =>
      createClientNodePauseClient({
        resource,
        statusStrategy: 'merge-patch' as 'json-patch',
      }),
    ).toThrow(PauseError);
  });
});
