import { KubeConfig } from '@kubernetes/client-node';
import { PauseApiError } from '@pause/core';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { json, startTestServer, type TestServer, tokenKubeConfig } from '../test/test-server.ts';
import { hasFixedCredentials } from './auth-headers.ts';
import { createKubeConnection, type KubeConnection } from './connection.ts';

/** A real client-node KubeConfig for `server`, its user `user`. */
function clientNodeConfig(server: TestServer, user: Record<string, unknown>): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions({
    clusters: [
      { name: 'c', server: server.url, caData: Buffer.from(server.caPem).toString('base64') },
    ],
    users: [{ name: 'u', ...user }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u' }],
    currentContext: 'x',
  });
  return kubeConfig;
}

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

  it('computes the headers once for a token written in the kubeconfig (client-node KubeConfig)', async () => {
    server = await startTestServer((_request, response) => json(response, 200, {}));
    const kubeConfig = clientNodeConfig(server, { token: 'fixed' });
    const apply = vi.spyOn(kubeConfig, 'applyToHTTPSOptions');
    connection = createKubeConnection({ kubeConfig });
    for (let i = 0; i < 5; i++) await connection.send({ method: 'GET', path: '/', operation: 'g' });
    const afterFive = apply.mock.calls.length;
    for (let i = 0; i < 5; i++) await connection.send({ method: 'GET', path: '/', operation: 'g' });
    const headers = await connection.requestHeaders();
    expect(headers).toEqual({ Authorization: 'Bearer fixed' });
    headers.Authorization = 'Bearer changed-by-a-caller'; // the caller's copy, not the cache
    await connection.send({ method: 'GET', path: '/', operation: 'g' });
    // once for the TLS material, once for the headers; never per request
    expect(afterFive).toBe(2);
    expect(apply).toHaveBeenCalledTimes(2);
    expect(new Set(server.received.map((r) => r.headers.authorization))).toEqual(
      new Set(['Bearer fixed']),
    );
  });

  it('a failure computing fixed headers fails that load only; the next request loads again', async () => {
    server = await startTestServer((_request, response) => json(response, 200, {}));
    const kubeConfig = clientNodeConfig(server, { token: 'fixed' });
    const original = kubeConfig.applyToHTTPSOptions.bind(kubeConfig);
    vi.spyOn(kubeConfig, 'applyToHTTPSOptions')
      .mockImplementationOnce(original) // the TLS material
      .mockRejectedValueOnce(new Error('token unreadable')); // the fixed headers
    connection = createKubeConnection({ kubeConfig });
    await expect(connection.send({ method: 'GET', path: '/', operation: 'g' })).rejects.toThrow(
      /token unreadable/,
    );
    await expect(connection.send({ method: 'GET', path: '/', operation: 'g' })).resolves.toEqual(
      {},
    );
    expect(server.received.map((r) => r.headers.authorization)).toEqual(['Bearer fixed']);
  });

  it('keeps computing the headers per request when an authenticator may refresh them', async () => {
    server = await startTestServer((_request, response) => json(response, 200, {}));
    const kubeConfig = clientNodeConfig(server, {});
    let issued = 0;
    kubeConfig.addAuthenticator({
      isAuthProvider: () => true,
      applyAuthentication: async (_user, options) => {
        options.headers = { ...options.headers, Authorization: `Bearer t${++issued}` };
      },
    });
    connection = createKubeConnection({ kubeConfig });
    for (let i = 0; i < 3; i++) await connection.send({ method: 'GET', path: '/', operation: 'g' });
    expect(server.received.map((r) => r.headers.authorization)).toEqual([
      'Bearer t2', // t1 went to the TLS read when the pool was made
      'Bearer t3',
      'Bearer t4',
    ]);
  });

  it('counts as fixed only a user with no exec plugin, auth provider or custom authenticator', () => {
    const config = (user: Record<string, unknown> | null, custom: unknown = []) => ({
      getCurrentCluster: () => null,
      applyToHTTPSOptions: async () => undefined,
      getCurrentUser: () => user,
      custom_authenticators: custom,
    });
    expect(hasFixedCredentials(config({ token: 't' }))).toBe(true);
    expect(hasFixedCredentials(config({ certData: 'c', keyData: 'k' }))).toBe(true);
    expect(hasFixedCredentials(config({ exec: { command: 'aws' } }))).toBe(false);
    expect(hasFixedCredentials(config({ authProvider: { name: 'oidc' } }))).toBe(false);
    expect(hasFixedCredentials(config({ token: 't' }, [{}]))).toBe(false);
    const { custom_authenticators: _, ...withoutTheList } = config({ token: 't' });
    expect(hasFixedCredentials(withoutTheList)).toBe(false); // not client-node: per request
    expect(hasFixedCredentials(config(null))).toBe(false);
    expect(hasFixedCredentials(tokenKubeConfig('https://x', '', () => 't'))).toBe(false);
  });

  it('reads a large answer that arrives in many chunks, multi-byte characters included', async () => {
    const items = Array.from({ length: 4000 }, (_, i) => ({
      name: `é-${i}-✓`,
      pad: 'x'.repeat(40),
    }));
    server = await startTestServer((_request, response) => json(response, 200, { items }));
    connection = createKubeConnection({
      kubeConfig: tokenKubeConfig(server.url, server.caPem, () => 't'),
    });
    const answer = await connection.send<{ items: typeof items }>({
      method: 'GET',
      path: '/big',
      operation: 'get big',
    });
    expect(JSON.stringify(answer).length).toBeGreaterThan(200_000);
    expect(answer.items).toEqual(items);
  });

  it('with ignoreAnswer resolves a 2xx with undefined, and still reads an error answer', async () => {
    let status = 201;
    server = await startTestServer((_request, response) =>
      status === 201
        ? json(response, 201, { kind: 'Event' })
        : json(response, 403, { kind: 'Status', reason: 'Forbidden', message: 'no events' }),
    );
    connection = createKubeConnection({
      kubeConfig: tokenKubeConfig(server.url, server.caPem, () => 't'),
    });
    const post = () =>
      connection?.send({
        method: 'POST',
        path: '/e',
        body: {},
        operation: 'create event',
        ignoreAnswer: true,
      });
    await expect(post()).resolves.toBeUndefined();
    status = 403;
    await expect(post()).rejects.toMatchObject({
      statusCode: 403,
      reason: 'Forbidden',
      message: expect.stringContaining('no events'),
    });
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
