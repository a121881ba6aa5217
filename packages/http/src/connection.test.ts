import { PauseApiError } from '@pause/core';
import { afterEach, describe, expect, it } from 'vitest';
import { json, startTestServer, type TestServer, tokenKubeConfig } from '../test/test-server.ts';
import { createKubeConnection, type KubeConnection } from './connection.ts';

let server: TestServer | undefined;
let connection: KubeConnection | undefined;

afterEach(async () => {
  await connection?.close();
  await server?.close();
  connection = undefined;
  server = undefined;
});

describe('createKubeConnection against a real HTTPS server on 127.0.0.1', () => {
  it('reuses one keep-alive connection for many requests', async () => {
    server = await startTestServer((_request, response) => json(response, 200, { ok: true }));
    const current = server;
    connection = createKubeConnection({
      kubeConfig: tokenKubeConfig(current.url, current.caPem, () => 't'),
      maxConnections: 1,
    });
    for (let i = 0; i < 20; i++) {
      await expect(
        connection.send({ method: 'GET', path: '/x', operation: 'get x' }),
      ).resolves.toEqual({
        ok: true,
      });
    }
    expect(connection.stats()).toEqual({ connectionsOpened: 1, requests: 20 });
    expect(current.connections()).toBe(1);
  });

  it('computes the auth headers for every request (tokens refresh)', async () => {
    server = await startTestServer((_request, response) => json(response, 200, {}));
    let token = 'first';
    connection = createKubeConnection({
      kubeConfig: tokenKubeConfig(server.url, server.caPem, () => token),
    });
    await connection.send({ method: 'GET', path: '/a', operation: 'a' });
    token = 'second';
    await connection.send({
      method: 'PATCH',
      path: '/b',
      body: [{ op: 'test' }],
      contentType: 'application/json-patch+json',
      operation: 'b',
    });
    expect(server.received.map((r) => r.headers.authorization)).toEqual([
      'Bearer first',
      'Bearer second',
    ]);
    expect(server.received[1]?.headers['content-type']).toBe('application/json-patch+json');
    expect(server.received[1]?.body).toBe('[{"op":"test"}]');
  });

  it('loads the kubeconfig lazily, once, and retries a failed load later', async () => {
    server = await startTestServer((_request, response) => json(response, 200, {}));
    const current = server;
    let loads = 0;
    connection = createKubeConnection({
      kubeConfig: () => {
        loads++;
        if (loads === 1) throw new Error('no kubeconfig yet');
        return tokenKubeConfig(current.url, current.caPem, () => 't');
      },
    });
    expect(loads).toBe(0);
    await expect(connection.send({ method: 'GET', path: '/', operation: 'get' })).rejects.toThrow(
      /no kubeconfig yet/,
    );
    await connection.send({ method: 'GET', path: '/', operation: 'get' });
    await connection.send({ method: 'GET', path: '/', operation: 'get' });
    expect(loads).toBe(2);
  });

  it('turns an error answer into a PauseApiError with the Status reason and Retry-After', async () => {
    server = await startTestServer((_request, response) =>
      json(
        response,
        429,
        { kind: 'Status', reason: 'TooManyRequests', message: 'slow down' },
        { 'Retry-After': '3' },
      ),
    );
    connection = createKubeConnection({
      kubeConfig: tokenKubeConfig(server.url, server.caPem, () => 't'),
    });
    const error = await connection
      .send({ method: 'GET', path: '/busy', operation: 'get busy' })
      .catch((e: unknown) => e);
    expect(PauseApiError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({
      kind: 'throttled',
      statusCode: 429,
      reason: 'TooManyRequests',
      retryAfterMs: 3000,
      retryable: true,
    });
    expect((error as Error).message).toContain('get busy');
  });

  it('a server that is gone is a network failure', async () => {
    server = await startTestServer((_request, response) => json(response, 200, {}));
    const { url, caPem } = server;
    await server.close();
    server = undefined;
    connection = createKubeConnection({ kubeConfig: tokenKubeConfig(url, caPem, () => 't') });
    const error = await connection
      .send({ method: 'GET', path: '/', operation: 'get' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'network', statusCode: undefined, retryable: true });
    expect(connection.stats()).toEqual({ connectionsOpened: 0, requests: 1 });
  });

  it('refuses an untrusted server certificate, and accepts it with insecure-skip-tls-verify', async () => {
    server = await startTestServer((_request, response) => json(response, 200, { ok: 1 }));
    const untrusted = createKubeConnection({
      kubeConfig: tokenKubeConfig(server.url, '', () => 't'),
    });
    const error = await untrusted
      .send({ method: 'GET', path: '/', operation: 'get' })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: 'network' });
    await untrusted.close();
    connection = createKubeConnection({
      kubeConfig: tokenKubeConfig(server.url, '', () => 't', { skipTLSVerify: true }),
    });
    await expect(connection.send({ method: 'GET', path: '/', operation: 'get' })).resolves.toEqual({
      ok: 1,
    });
  });

  it('says clearly that a SOCKS proxy-url is not supported', async () => {
    connection = createKubeConnection({
      kubeConfig: tokenKubeConfig('https://127.0.0.1:1', '', () => 't', {
        proxyUrl: 'socks5://127.0.0.1:1080',
      }),
    });
    await expect(connection.send({ method: 'GET', path: '/', operation: 'get' })).rejects.toThrow(
      /only http\(s\) proxies are supported/,
    );
  });
});
