import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PauseApiError } from '@pause/core';
import type { KubeConfigLike } from '@pause/http';
import { GenericKind, RegisterKind } from 'kubernetes-fluent-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createFluentPauseClient, type FluentPauseClient } from './client.ts';

class Sprocket extends GenericKind {}
RegisterKind(Sprocket, {
  group: 'example.com',
  version: 'v2',
  kind: 'Sprocket',
  plural: 'sprocketz',
});

interface Received {
  method: string | undefined;
  url: string | undefined;
  contentType: string | undefined;
  authorization: string | undefined;
  body: unknown;
}

/** A plain HTTP API server double on 127.0.0.1 that answers every request with its own echo. */
let server: Server;
let url: string;
let received: Received[];
let connections: number;
let client: FluentPauseClient | undefined;

async function bodyOf(request: IncomingMessage): Promise<unknown> {
  let text = '';
  for await (const chunk of request) text += chunk;
  return text === '' ? undefined : JSON.parse(text);
}

beforeEach(async () => {
  received = [];
  connections = 0;
  server = createServer(async (request, response) => {
    const body = await bodyOf(request);
    received.push({
      method: request.method,
      url: request.url,
      contentType: request.headers['content-type'],
      authorization: request.headers.authorization,
      body,
    });
    if (request.url?.includes('/missing')) {
      response.writeHead(404, { 'Content-Type': 'application/json' });
      response.end(JSON.stringify({ kind: 'Status', reason: 'NotFound', code: 404 }));
      return;
    }
    response.writeHead(200, { 'Content-Type': 'application/json' });
    response.end(JSON.stringify({ kind: 'Sprocket', metadata: { name: 'echo' }, body }));
  });
  server.on('connection', () => {
    connections++;
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterEach(async () => {
  await client?.close();
  client = undefined;
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
});

function kubeConfig(token: string): KubeConfigLike {
  return {
    getCurrentCluster: () => ({ server: url }),
    applyToHTTPSOptions: async (options) => {
      options.headers = { ...options.headers, Authorization: `Bearer ${token}` };
    },
  };
}

const ref = { apiVersion: 'example.com/v2', kind: 'Sprocket', name: 's1', namespace: 'ns1' };
const base = {
  apiVersion: 'example.com/v2',
  kind: 'Sprocket',
  metadata: { name: 's1', namespace: 'ns1', resourceVersion: '7', uid: 'u1' },
};
const paused = {
  type: 'Paused',
  status: 'True' as const,
  reason: 'PausedByLabel',
  message: 'paused',
  lastTransitionTime: '2026-01-01T00:00:00Z',
};

describe('createFluentPauseClient: the four port calls, all through one pool', () => {
  it('reads, merge-patches metadata, guards the status write and records the Event', async () => {
    client = createFluentPauseClient({
      model: Sprocket,
      events: { component: 'sprockets', instance: 'pod-1' },
      fieldManager: 'sprocket-controller',
      connectionOptions: { kubeConfig: kubeConfig('t') },
      now: () => Date.parse('2026-01-01T00:00:00Z'),
    });
    await client.read(ref);
    await client.writeMetadata(ref, { kind: 'metadata', labels: { 'example.com/paused': null } });
    await client.writeCondition(ref, base, { op: 'set', condition: paused });
    await client.recordEvent(base, { type: 'Normal', reason: 'Paused', message: 'paused' });

    const objectPath = '/apis/example.com/v2/namespaces/ns1/sprocketz/s1';
    expect(received.map((r) => [r.method, r.url, r.contentType])).toEqual([
      ['GET', objectPath, undefined],
      ['PATCH', `${objectPath}?fieldManager=sprocket-controller`, 'application/merge-patch+json'],
      [
        'PATCH',
        `${objectPath}/status?fieldManager=sprocket-controller`,
        'application/json-patch+json',
      ],
      ['POST', '/api/v1/namespaces/ns1/events', 'application/json'],
    ]);
    expect(received.every((r) => r.authorization === 'Bearer t')).toBe(true);
    expect(received[1]?.body).toEqual({ metadata: { labels: { 'example.com/paused': null } } });
    expect((received[2]?.body as unknown[] | undefined)?.[0]).toEqual({
      op: 'test',
      path: '/metadata/resourceVersion',
      value: '7',
    });
    expect(received[3]?.body).toMatchObject({
      reason: 'Paused',
      involvedObject: { kind: 'Sprocket', name: 's1', namespace: 'ns1', uid: 'u1' },
      source: { component: 'sprockets', host: 'pod-1' },
      reportingComponent: 'sprockets',
      reportingInstance: 'pod-1',
    });
    // 20 more rounds: still the same pooled connection(s). A request sent right after the
    // previous answer can find that connection not yet released by undici and take a second
    // one, so sequential calls may alternate between two; never one per call.
    for (let i = 0; i < 20; i++) {
      await client.read(ref);
      await client.writeCondition(ref, base, { op: 'set', condition: paused });
      await client.recordEvent(base, { type: 'Normal', reason: 'Paused', message: 'paused' });
    }
    expect(client.connection.stats()).toEqual({ connectionsOpened: connections, requests: 64 });
    expect(connections).toBeLessThanOrEqual(2);
  });

  it('reads a missing object as undefined and builds cluster-scoped paths from the ref', async () => {
    client = createFluentPauseClient({
      kind: { group: 'b.io', version: 'v1', kind: 'Gizmo' },
      connectionOptions: { kubeConfig: kubeConfig('t') },
    });
    await expect(
      client.read({ apiVersion: 'b.io/v1', kind: 'Gizmo', name: 'missing' }),
    ).resolves.toBeUndefined();
    expect(received[0]?.url).toBe('/apis/b.io/v1/gizmos/missing');
  });

  it('writes the condition with server-side apply when asked (map-list CRDs)', async () => {
    client = createFluentPauseClient({
      model: Sprocket,
      statusStrategy: 'server-side-apply',
      connectionOptions: { kubeConfig: kubeConfig('t') },
    });
    await client.writeCondition(ref, base, { op: 'set', condition: paused });
    expect(received[0]).toMatchObject({
      method: 'PATCH',
      url: '/apis/example.com/v2/namespaces/ns1/sprocketz/s1/status?fieldManager=pause-controller&force=true',
      contentType: 'application/apply-patch+yaml',
      body: {
        metadata: { name: 's1', namespace: 'ns1', resourceVersion: '7' },
        status: { conditions: [paused] },
      },
    });
  });

  it('reports component "pause" by default, and fails with PauseApiError', async () => {
    client = createFluentPauseClient({
      model: Sprocket,
      events: { instance: 'pod-2' },
      connectionOptions: { kubeConfig: kubeConfig('t') },
    });
    await client.recordEvent(base, { type: 'Normal', reason: 'Resumed', message: 'resumed' });
    expect(received[0]?.body).toMatchObject({ reportingComponent: 'pause' });
    const error = await client
      .writeMetadata({ ...ref, name: 'missing' }, { kind: 'metadata', labels: {} })
      .catch((e: unknown) => e);
    expect(PauseApiError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'not-found', statusCode: 404 });
  });

  it("loads kfc's kubeconfig (KUBECONFIG) lazily, on the first call", async () => {
    const dir = mkdtempSync(join(tmpdir(), 'pause-fluent-kubeconfig-'));
    const previous = process.env.KUBECONFIG;
    try {
      client = createFluentPauseClient({ model: Sprocket });
      const file = join(dir, 'config');
      writeFileSync(
        file,
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'Config',
          // client-node refuses plain http unless verification is off (there is no TLS here)
          clusters: [{ name: 'c', cluster: { server: url, 'insecure-skip-tls-verify': true } }],
          users: [{ name: 'u', user: { token: 'from-kubeconfig' } }],
          contexts: [{ name: 'x', context: { cluster: 'c', user: 'u' } }],
          'current-context': 'x',
        }),
      );
      process.env.KUBECONFIG = file; // after the client was created
      await client.read(ref);
      expect(received[0]?.authorization).toBe('Bearer from-kubeconfig');
    } finally {
      if (previous === undefined) delete process.env.KUBECONFIG;
      else process.env.KUBECONFIG = previous;
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('shares a given connection and leaves it open on close()', async () => {
    const owner = createFluentPauseClient({
      model: Sprocket,
      connectionOptions: { kubeConfig: kubeConfig('t') },
    });
    client = owner;
    const sharing = createFluentPauseClient({
      kind: { group: 'b.io', version: 'v1', kind: 'Gizmo', plural: 'gizmos' },
      connection: owner.connection,
    });
    await sharing.read({ apiVersion: 'b.io/v1', kind: 'Gizmo', name: 'g', namespace: 'n' });
    await sharing.close();
    await owner.read(ref);
    expect(sharing.connection).toBe(owner.connection);
    expect(owner.connection.stats()).toEqual({ connectionsOpened: connections, requests: 2 });
  });
});
