import { afterEach, describe, expect, it } from 'vitest';
import type { ControllerState } from './controller-status.ts';
import { type ControllerEndpoints, serveControllerEndpoints } from './endpoints.ts';

describe('serveControllerEndpoints', () => {
  let endpoints: ControllerEndpoints | undefined;
  afterEach(async () => {
    await endpoints?.close();
    endpoints = undefined;
  });

  it('answers /healthz, /readyz by the controller state, /metrics from the registry, 404 otherwise', async () => {
    const controller = { state: 'new' as ControllerState };
    const registry = { contentType: 'text/plain; version=0.0.4', metrics: async () => 'm 1\n' };
    endpoints = await serveControllerEndpoints({
      controller,
      registry,
      host: '127.0.0.1',
      port: 0,
    });
    expect(endpoints.url).toBe(`http://127.0.0.1:${endpoints.address.port}`);
    const status = async (path: string) => (await fetch(`${endpoints?.url}${path}`)).status;
    const probes = async () => [await status('/healthz'), await status('/readyz')];

    expect(await probes()).toEqual([200, 503]);
    controller.state = 'starting';
    expect(await probes()).toEqual([200, 503]);
    controller.state = 'running';
    expect(await probes()).toEqual([200, 200]);
    controller.state = 'stopping';
    expect(await probes()).toEqual([200, 503]);
    controller.state = 'stopped';
    expect(await probes()).toEqual([503, 503]);

    const metrics = await fetch(`${endpoints.url}/metrics?x=1`);
    expect(metrics.status).toBe(200);
    expect(metrics.headers.get('content-type')).toBe('text/plain; version=0.0.4');
    expect(await metrics.text()).toBe('m 1\n');
    expect(await status('/')).toBe(404);
    expect((await fetch(`${endpoints.url}/readyz`, { method: 'POST' })).status).toBe(405);
  });

  it('has no /metrics without a registry, and answers 500 when the registry fails', async () => {
    endpoints = await serveControllerEndpoints({
      controller: { state: 'running' },
      host: '127.0.0.1',
      port: 0,
    });
    expect((await fetch(`${endpoints.url}/metrics`)).status).toBe(404);
    await endpoints.close();
    endpoints = await serveControllerEndpoints({
      controller: { state: 'running' },
      registry: {
        contentType: 'text/plain',
        metrics: () => Promise.reject(new Error('collect failed')),
      },
      host: '127.0.0.1',
      port: 0,
    });
    const failed = await fetch(`${endpoints.url}/metrics`);
    expect([failed.status, await failed.text()]).toEqual([500, 'collect failed\n']);
  });

  it('closes with a keep-alive connection open', async () => {
    endpoints = await serveControllerEndpoints({
      controller: { state: 'running' },
      host: '127.0.0.1',
      port: 0,
    });
    const { url } = endpoints;
    expect((await fetch(`${url}/healthz`, { keepalive: true })).status).toBe(200);
    await endpoints.close();
    endpoints = undefined;
    await expect(fetch(`${url}/healthz`)).rejects.toThrow();
  });

  it('rejects when the port is taken', async () => {
    endpoints = await serveControllerEndpoints({
      controller: { state: 'running' },
      host: '127.0.0.1',
      port: 0,
    });
    await expect(
      serveControllerEndpoints({
        controller: { state: 'running' },
        host: '127.0.0.1',
        port: endpoints.address.port,
      }),
    ).rejects.toThrow(/EADDRINUSE/);
  });
});
