import diagnostics from 'node:diagnostics_channel';
import type { TLSSocket } from 'node:tls';
import { ApiException, Watch } from '@kubernetes/client-node';
import type { KubeObject } from '@pause/core';
import { refOf } from '@pause/core/adapter';
import type { KubeConfigOptions } from '@pause/kube-harness';
import {
  type AdapterProxy,
  connectRealCluster,
  createTestObjects,
  exportKubeconfig,
  resourcePath,
  type TestObjects,
  waitFor,
} from '@pause/real-cluster';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  type ClientNodePauseClient,
  createClientNodePauseClient,
  PauseApiError,
} from '../../src/index.ts';
import { kubeConfigOf, testResource } from './cluster.ts';

const NAMESPACE = 'pause-client-node-client';
const resource = testResource('free', true);
const cluster = connectRealCluster();

/** A `Paused` condition as the core would write it. */
const paused = {
  type: 'Paused',
  status: 'True' as const,
  reason: 'PausedByLabel',
  message: 'paused by the test',
  lastTransitionTime: '2026-01-01T00:00:00Z',
};

/** Resolves after the current turn of the event loop. */
const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/**
 * The TLS sockets undici connects from now on (Node's `undici:client:connected` diagnostics
 * channel), to see which protocol they speak and that they are closed.
 */
function captureSockets(): { opened(): TLSSocket[]; stop(): void } {
  const opened: TLSSocket[] = [];
  const onConnected = (message: unknown) => {
    opened.push((message as { socket: TLSSocket }).socket);
  };
  diagnostics.subscribe('undici:client:connected', onConnected);
  return {
    opened: () => [...opened],
    stop: () => diagnostics.unsubscribe('undici:client:connected', onConnected),
  };
}

/** A client-node `Watch` on `client.watchConfig` of one test object: its event types so far. */
async function watchObject(client: ClientNodePauseClient, name: string) {
  const state = { seen: [] as string[], ended: false };
  const controller = await new Watch(client.watchConfig).watch(
    resourcePath(resource, NAMESPACE),
    { fieldSelector: `metadata.name=${name}` },
    (type) => state.seen.push(type),
    () => {
      state.ended = true;
    },
  );
  return Object.assign(state, { abort: () => controller.abort() });
}

describe('createClientNodePauseClient against a real kube-apiserver', () => {
  let objects: TestObjects | undefined;
  /** Undone after each test, last first: proxies, clients, `KUBECONFIG` changes. */
  const undo: Array<() => unknown> = [];

  beforeAll(async () => {
    objects = await createTestObjects({ cluster, resource, namespace: NAMESPACE });
  });

  afterEach(async () => {
    for (const step of undo.splice(0).reverse()) await step();
  });

  afterAll(async () => {
    await objects?.cleanup();
  });

  /** A fault proxy in front of the server (closed, with `KUBECONFIG` restored, after the test). */
  async function startProxy(): Promise<AdapterProxy> {
    const proxy = await cluster.startFaultProxy();
    undo.push(() => proxy.close());
    return proxy;
  }

  /** A client through `proxy`'s kubeconfig, closed after the test. */
  function createClient(kubeConfig: KubeConfigOptions): ClientNodePauseClient {
    const client = createClientNodePauseClient({
      resource,
      kubeConfig: kubeConfigOf(kubeConfig),
      fieldManager: 'pause-test-controller',
      reportingComponent: 'pause.test/client-node',
    });
    undo.push(() => client.close());
    return client;
  }

  /** A client without a `kubeConfig` option (the default kubeconfig), closed after the test. */
  function createDefaultClient(): ClientNodePauseClient {
    const client = createClientNodePauseClient({ resource });
    undo.push(() => client.close());
    return client;
  }

  it('is created synchronously and loads the default kubeconfig (KUBECONFIG) only on its first call', async () => {
    const h = objects as TestObjects;
    const ref = refOf(await h.createObject());
    // The user's shell points KUBECONFIG straight at the server when the client is created...
    undo.push(exportKubeconfig(cluster.info.kubeConfig));
    const proxy = await startProxy(); // (its close() puts KUBECONFIG back to that first)
    const direct = process.env.KUBECONFIG;
    const client = createDefaultClient();
    expect(client).not.toBeInstanceOf(Promise);
    expect(client.connection.stats()).toEqual({ connectionsOpened: 0, requests: 0 });

    // ...and at the proxy before the first call: the call goes where KUBECONFIG says then.
    proxy.exportKubeconfig();
    expect(proxy.stats()).toEqual({ connections: 0, requests: 0, faulted: 0 });
    expect((await client.read(ref))?.metadata?.name).toBe(ref.name);
    expect(proxy.stats()).toEqual({ connections: 1, requests: 1, faulted: 0 });
    expect(client.connection.stats()).toEqual({ connectionsOpened: 1, requests: 1 });

    // Loaded once: pointing KUBECONFIG elsewhere later changes nothing for this client.
    process.env.KUBECONFIG = direct;
    expect((await client.read(ref))?.metadata?.name).toBe(ref.name);
    const object = await client.customObjects.getNamespacedCustomObject({
      ...resource,
      namespace: NAMESPACE,
      name: ref.name,
    });
    expect(object.metadata.name).toBe(ref.name);
    expect(proxy.stats()).toMatchObject({ requests: 3, faulted: 0 });
  });

  it('loads the default kubeconfig on first use of client-node’s generated APIs and watches too', async () => {
    const h = objects as TestObjects;
    const ref = refOf(await h.createObject());
    undo.push(exportKubeconfig(cluster.info.kubeConfig));
    const proxy = await startProxy();
    const viaApi = createDefaultClient();
    const viaWatch = createDefaultClient();
    proxy.exportKubeconfig();

    const object = await viaApi.customObjects.getNamespacedCustomObject({
      ...resource,
      namespace: NAMESPACE,
      name: ref.name,
    });
    expect(object.metadata.name).toBe(ref.name);
    expect(viaApi.connection.stats().connectionsOpened).toBe(1);

    const watch = await watchObject(viaWatch, ref.name);
    await waitFor('the ADDED event', () => watch.seen.length > 0);
    watch.abort();
    expect(watch.seen).toEqual(['ADDED']);
    expect(viaWatch.connection.stats().connectionsOpened).toBe(1);
    expect(proxy.stats()).toMatchObject({ connections: 2, requests: 2 });
  });

  it('sends the four port calls, client-node’s generated APIs and a watch over one pool, with auth on each; close() closes it', async () => {
    const h = objects as TestObjects;
    const created = await h.createObject();
    const ref = refOf(created);
    const proxy = await startProxy(); // HTTP/1.1 only: a watch holds a connection of its own
    const sockets = captureSockets();
    undo.push(sockets.stop);
    const client = createClient(proxy.kubeConfig);

    // A watch through client-node's Watch, open while the calls are made (as in a controller).
    const watch = await watchObject(client, ref.name);
    await waitFor('the ADDED event', () => watch.seen.length > 0);

    // The four port calls.
    const read = (await client.read(ref)) as KubeObject;
    expect(read.metadata?.uid).toBe(created.metadata?.uid);
    const labelled = await client.writeMetadata(ref, {
      kind: 'metadata',
      labels: { 'example.com/paused': 'alice' },
      resourceVersion: read.metadata?.resourceVersion as string,
    });
    expect(labelled.metadata?.labels).toEqual({ 'example.com/paused': 'alice' });
    const written = await client.writeCondition(ref, labelled, { op: 'set', condition: paused });
    expect((written.status as { conditions?: unknown[] }).conditions).toEqual([paused]);
    await client.recordEvent(written, {
      type: 'Normal',
      reason: 'Paused',
      message: 'paused by the test',
    });
    // As stored (read directly from the server, not through the client).
    expect((await h.getObject(ref))?.metadata?.labels).toEqual({ 'example.com/paused': 'alice' });
    expect(await h.listEvents(ref)).toEqual([
      { type: 'Normal', reason: 'Paused', message: 'paused by the test' },
    ]);
    await waitFor('the watch to see both writes', () => watch.seen.length >= 3);
    expect(watch.seen).toEqual(['ADDED', 'MODIFIED', 'MODIFIED']);

    // Many more calls, back to back: the port's and client-node's generated APIs.
    const ROUNDS = 10;
    for (let i = 0; i < ROUNDS; i++) {
      expect((await client.read(ref))?.metadata?.name).toBe(ref.name);
      const list = await client.customObjects.listNamespacedCustomObject({
        group: resource.group,
        version: resource.version,
        plural: resource.plural,
        namespace: NAMESPACE,
      });
      expect((list.items as KubeObject[]).map((item) => item.metadata?.name)).toContain(ref.name);
      const events = await client.core.listNamespacedEvent({
        namespace: NAMESPACE,
        fieldSelector: `involvedObject.name=${ref.name}`,
      });
      expect(events.items.map((event) => event.reason)).toEqual(['Paused']);
    }
    expect(watch.ended).toBe(false);

    // Every request reached the server through the proxy (none faulted: each carried the token)
    // on a handful of connections, all of them the pool's: the watch's stream, and two for the
    // calls, since undici marks an HTTP/1.1 connection free for its pool only in a microtask
    // after the response ended, so a call awaited right after another takes a second one.
    const portCalls = 4 + ROUNDS;
    const generatedCalls = 2 * ROUNDS;
    expect(client.connection.stats().requests).toBe(portCalls);
    expect(proxy.stats()).toMatchObject({ requests: portCalls + generatedCalls + 1, faulted: 0 });
    expect(proxy.stats().connections).toBeLessThanOrEqual(3);
    expect(client.connection.stats().connectionsOpened).toBe(proxy.stats().connections);
    expect(sockets.opened()).toHaveLength(proxy.stats().connections);

    watch.abort();
    await waitFor('the watch to end', () => watch.ended);

    // Open, an idle connection is reused; close() closes them all, so the next call opens one.
    await client.read(ref);
    await nextTurn();
    const before = proxy.stats().connections;
    await client.read(ref);
    expect(proxy.stats().connections).toBe(before);
    await client.close();
    // At once, not after the keep-alive timeout (the proxy's Node server hints 5 s).
    await waitFor(
      'the pool’s sockets to close',
      () => sockets.opened().every((s) => s.closed),
      500,
    );
    await client.read(ref);
    expect(proxy.stats().connections).toBe(before + 1);
    expect(client.connection.stats().connectionsOpened).toBe(before + 1);
  });

  it('multiplexes the calls and a watch on ONE connection straight to the server (HTTP/2)', async () => {
    const h = objects as TestObjects;
    const ref = refOf(await h.createObject());
    const sockets = captureSockets();
    undo.push(sockets.stop);
    const client = createClient(cluster.info.kubeConfig);

    const watch = await watchObject(client, ref.name);
    await waitFor('the ADDED event', () => watch.seen.length > 0);
    const read = (await client.read(ref)) as KubeObject;
    const labelled = await client.writeMetadata(ref, {
      kind: 'metadata',
      labels: { 'example.com/paused': 'bob' },
    });
    const written = await client.writeCondition(ref, labelled, { op: 'set', condition: paused });
    await client.recordEvent(written, { type: 'Normal', reason: 'Paused', message: 'by bob' });
    for (let i = 0; i < 5; i++) {
      await client.read(ref);
      await client.customObjects.getNamespacedCustomObject({
        ...resource,
        namespace: NAMESPACE,
        name: ref.name,
      });
      await client.core.listNamespacedEvent({ namespace: NAMESPACE });
    }
    await waitFor('the watch to see both writes', () => watch.seen.length >= 3);
    expect(read.metadata?.name).toBe(ref.name);
    expect(watch.ended).toBe(false);
    expect(client.connection.stats()).toEqual({ connectionsOpened: 1, requests: 9 });
    expect(sockets.opened().map((socket) => socket.alpnProtocol)).toEqual(['h2']);
    watch.abort();
    await waitFor('the watch to end', () => watch.ended);
  });

  it('needs the token on each request: the same calls with a wrong token are refused', async () => {
    const h = objects as TestObjects;
    const ref = refOf(await h.createObject());
    const proxy = await startProxy();
    const options = structuredClone(proxy.kubeConfig);
    for (const user of options.users) user.token = 'not-the-token';
    const client = createClient(options);

    const error = await client.read(ref).catch((e: unknown) => e);
    expect(PauseApiError.isInstance(error)).toBe(true);
    expect(error).toMatchObject({ kind: 'unauthorized', statusCode: 401 });
    const apiError = await client.customObjects
      .getNamespacedCustomObject({ ...resource, namespace: NAMESPACE, name: ref.name })
      .catch((e: unknown) => e);
    expect(apiError).toBeInstanceOf(ApiException);
    expect((apiError as ApiException<unknown>).code).toBe(401);
    const watchError = await new Promise<unknown>((resolve) => {
      void new Watch(client.watchConfig).watch(
        resourcePath(resource, NAMESPACE),
        {},
        () => undefined,
        resolve,
      );
    });
    expect(watchError).toMatchObject({ statusCode: 401 });
    expect(proxy.stats()).toMatchObject({ requests: 3, faulted: 0 });
  });
});
