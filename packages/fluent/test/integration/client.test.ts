import { randomBytes } from 'node:crypto';
import type { Condition, KubeObject, ObjectRef } from '@pause/core';
import { refOf } from '@pause/core/adapter';
import { kubeRequest, withContext } from '@pause/kube-harness';
import {
  type AdapterProxy,
  connectRealCluster,
  createTestObjects,
  exportKubeconfig,
  OTHER_MANAGER,
  type TestObjects,
  type TestResource,
} from '@pause/real-cluster';
import { GenericKind, RegisterKind } from 'kubernetes-fluent-client';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createFluentPauseClient, type FluentPauseClient, PauseApiError } from '../../src/index.ts';
import { GADGET, kfcKind } from './resources.ts';

/**
 * A namespaced resource whose plural is NOT kfc's default rule (`sprocket` + `s`): a client that
 * ignored the model's registration would address `sprockets`, which the server does not serve.
 */
const SPROCKET: TestResource = {
  group: 'fluent.pause.test',
  version: 'v1',
  kind: 'Sprocket',
  plural: 'sprocketz',
  namespaced: true,
  conditions: 'free',
};
/** Cluster-scoped; addressed with kfc's default plural rule (`gizmo` + `s`). */
const GIZMO: TestResource = {
  group: 'fluent.pause.test',
  version: 'v1',
  kind: 'Gizmo',
  plural: 'gizmos',
  namespaced: false,
  conditions: 'free',
};

class Sprocket extends GenericKind {}
RegisterKind(Sprocket, kfcKind(SPROCKET));

const cluster = connectRealCluster();
const LABEL = 'example.com/paused';
const namespace = `fluent-client-${randomBytes(3).toString('hex')}`;
let proxy: AdapterProxy;
let sprockets: TestObjects;
let gizmos: TestObjects;
let gadgets: TestObjects;
/** Clients a test created; closed after it. */
const opened: FluentPauseClient[] = [];

function track(client: FluentPauseClient): FluentPauseClient {
  opened.push(client);
  return client;
}

function condition(type: string, message: string, status: Condition['status'] = 'True') {
  return {
    type,
    status,
    reason: type === 'Paused' ? 'PausedByLabel' : 'SetByOther',
    message,
    lastTransitionTime: '2026-01-01T00:00:00Z',
  } satisfies Condition;
}

function conditionsOf(object: KubeObject | undefined): Condition[] {
  return (object?.status as { conditions?: Condition[] } | undefined)?.conditions ?? [];
}

interface ManagedFields {
  manager: string;
  operation: string;
  fieldsV1?: Record<string, unknown>;
}

/** `manager operation: top-level fields` of each managedFields entry of the object as stored. */
function managersOf(object: KubeObject | undefined): string[] {
  const entries = (object?.metadata as { managedFields?: ManagedFields[] } | undefined)
    ?.managedFields;
  return (entries ?? []).map(
    (e) =>
      `${e.manager} ${e.operation}: ${Object.keys(e.fieldsV1 ?? {})
        .sort()
        .join(' ')}`,
  );
}

interface StoredEvent {
  reason: string;
  message: string;
  firstTimestamp?: string;
  involvedObject: Record<string, string>;
  source?: { component?: string; host?: string };
  reportingComponent?: string;
  reportingInstance?: string;
}

/** The core/v1 Events about `ref` as the server stores them (as the admin, not the adapter). */
async function eventsAbout(ref: ObjectRef): Promise<StoredEvent[]> {
  const selector = encodeURIComponent(
    `involvedObject.name=${ref.name},involvedObject.kind=${ref.kind}`,
  );
  const response = await kubeRequest<{ items: StoredEvent[] }>(cluster.endpoint, {
    path: `/api/v1/namespaces/${ref.namespace ?? 'default'}/events?fieldSelector=${selector}`,
  });
  expect(response.status).toBe(200);
  return response.body.items;
}

async function rejection(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => expect.unreachable('the call should have failed'),
    (error: unknown) => error,
  );
}

beforeAll(async () => {
  proxy = await cluster.startFaultProxy();
  proxy.exportKubeconfig(); // kubernetes-fluent-client reads its cluster from KUBECONFIG only
  [sprockets, gizmos, gadgets] = await Promise.all([
    createTestObjects({ cluster, resource: SPROCKET, namespace }),
    createTestObjects({ cluster, resource: GIZMO, namespace }),
    createTestObjects({ cluster, resource: GADGET, namespace }),
  ]);
});

afterEach(async () => {
  proxy.clear();
  for (const client of opened.splice(0)) await client.close();
});

afterAll(async () => {
  await sprockets?.cleanup();
  await gizmos?.cleanup();
  await gadgets?.cleanup();
  await proxy?.close();
});

describe('createFluentPauseClient on the real API server: the four port calls, one pool', () => {
  it('reads a RegisterKind model by its registered plural, merge-patches its labels, guards the status write and records the Event', async () => {
    const client = track(
      createFluentPauseClient({
        model: Sprocket,
        events: { component: 'sprockets', instance: 'pod-1' },
        fieldManager: 'sprocket-controller',
        now: () => Date.parse('2026-01-01T00:00:00Z'),
      }),
    );
    const created = await sprockets.createObject({
      labels: { [LABEL]: 'maintenance', keep: 'yes' },
      status: { conditions: [condition('OtherReady', 'set by another controller')] },
    });
    const ref = refOf(created);
    const before = proxy.stats().connections;

    const read = await client.read(ref);
    expect(read).toMatchObject({
      kind: 'Sprocket',
      metadata: { name: ref.name, namespace, uid: created.metadata?.uid },
    });

    const unlabelled = await client.writeMetadata(ref, {
      kind: 'metadata',
      labels: { [LABEL]: null, 'example.com/seen': 'yes' },
    });
    expect((await sprockets.getObject(ref))?.metadata?.labels).toEqual({
      keep: 'yes',
      'example.com/seen': 'yes',
    });

    const paused = condition('Paused', 'paused');
    const written = await client.writeCondition(ref, unlabelled, { op: 'set', condition: paused });
    const stored = await sprockets.getObject(ref);
    expect(conditionsOf(stored)).toEqual([
      condition('OtherReady', 'set by another controller'),
      paused,
    ]);
    expect(stored?.metadata?.resourceVersion).toBe(written.metadata?.resourceVersion);
    // Both writes carry the field manager (1.20 keeps one entry per manager and operation).
    expect(managersOf(stored)).toContain('sprocket-controller Update: f:metadata f:status');

    // The JSON Patch is guarded by the resourceVersion read: a stale base lands nothing.
    const stale = await rejection(
      client.writeCondition(ref, unlabelled, {
        op: 'set',
        condition: condition('Paused', 'decided on a stale read', 'False'),
      }),
    );
    expect(PauseApiError.isInstance(stale)).toBe(true);
    expect(stale).toMatchObject({ kind: 'conflict' });
    expect(conditionsOf(await sprockets.getObject(ref))).toContainEqual(paused);

    await client.recordEvent(written, { type: 'Normal', reason: 'Paused', message: 'paused' });
    expect(await eventsAbout(ref)).toEqual([
      expect.objectContaining({
        reason: 'Paused',
        message: 'paused',
        firstTimestamp: '2026-01-01T00:00:00Z',
        involvedObject: expect.objectContaining({
          apiVersion: 'fluent.pause.test/v1',
          kind: 'Sprocket',
          name: ref.name,
          namespace,
          uid: created.metadata?.uid,
        }),
        source: { component: 'sprockets', host: 'pod-1' },
        reportingComponent: 'sprockets',
        reportingInstance: 'pod-1',
      }),
    ]);

    // 20 more rounds: still the same pooled connection(s). A request sent right after the
    // previous answer can find that connection not yet released by undici and take a second
    // one, so sequential calls may alternate between two; never one per call.
    let object = written;
    for (let i = 0; i < 20; i++) {
      await client.read(ref);
      object = await client.writeCondition(
        ref,
        object,
        i % 2 === 0 ? { op: 'remove', type: 'Paused' } : { op: 'set', condition: paused },
      );
      await client.recordEvent(object, { type: 'Normal', reason: 'Paused', message: `${i}` });
    }
    expect(await eventsAbout(ref)).toHaveLength(21);
    const connectionsOpened = proxy.stats().connections - before;
    expect(client.connection.stats()).toEqual({ connectionsOpened, requests: 65 });
    expect(connectionsOpened).toBeLessThanOrEqual(2);
  });

  it('reads a missing object as undefined and works on a cluster-scoped object (default plural)', async () => {
    const client = track(
      createFluentPauseClient({
        model: GenericKind,
        kind: { group: GIZMO.group, version: GIZMO.version, kind: GIZMO.kind },
        events: { instance: 'pod-3' },
      }),
    );
    await expect(
      client.read({ apiVersion: 'fluent.pause.test/v1', kind: 'Gizmo', name: 'missing' }),
    ).resolves.toBeUndefined();
    await expect(
      track(createFluentPauseClient({ model: Sprocket })).read({
        apiVersion: 'fluent.pause.test/v1',
        kind: 'Sprocket',
        name: 'missing',
        namespace,
      }),
    ).resolves.toBeUndefined();

    const created = await gizmos.createObject({ labels: { [LABEL]: '' } });
    const ref = refOf(created);
    expect(ref.namespace).toBeUndefined();
    const read = await client.read(ref);
    expect(read?.metadata?.uid).toBe(created.metadata?.uid);
    const unlabelled = await client.writeMetadata(ref, {
      kind: 'metadata',
      labels: { [LABEL]: null },
    });
    const paused = condition('Paused', 'paused');
    const written = await client.writeCondition(ref, unlabelled, { op: 'set', condition: paused });
    await client.recordEvent(written, { type: 'Normal', reason: 'Paused', message: 'paused' });

    const stored = await gizmos.getObject(ref);
    expect(stored?.metadata?.labels).toBeUndefined();
    expect(conditionsOf(stored)).toEqual([paused]);
    // Events about a cluster-scoped object go to `default`.
    expect(await eventsAbout(ref)).toEqual([
      expect.objectContaining({
        reason: 'Paused',
        involvedObject: expect.objectContaining({ kind: 'Gizmo', name: ref.name }),
        reportingComponent: 'pause',
        reportingInstance: 'pod-3',
      }),
    ]);
  });

  it("writes the condition with server-side apply on a map-list CRD, keeping another manager's condition", async () => {
    const client = track(
      createFluentPauseClient({
        model: GenericKind,
        kind: kfcKind(GADGET),
        statusStrategy: 'server-side-apply',
      }),
    );
    const ref = refOf(await gadgets.createObject());
    const other = condition('OtherReady', 'set by another controller');
    const base = await gadgets.writeOtherCondition(ref, other);
    const paused = condition('Paused', 'paused');
    await client.writeCondition(ref, base, { op: 'set', condition: paused });

    const stored = await gadgets.getObject(ref);
    expect(conditionsOf(stored)).toEqual([other, paused]);
    expect(managersOf(stored)).toEqual(
      expect.arrayContaining([
        `${OTHER_MANAGER} Apply: f:status`,
        'pause-controller Apply: f:status',
      ]),
    );
    // The read resourceVersion is a precondition of the apply: a stale base is a conflict.
    const stale = await rejection(
      client.writeCondition(ref, base, {
        op: 'set',
        condition: condition('Paused', 'decided on a stale read', 'False'),
      }),
    );
    expect(stale).toMatchObject({ kind: 'conflict', statusCode: 409 });
    expect(conditionsOf(await gadgets.getObject(ref))).toEqual([other, paused]);
  });

  it('reports component "pause" by default, or the one given', async () => {
    const ref = refOf(await sprockets.createObject());
    const object = await sprockets.getObject(ref);
    if (!object) throw new Error('the object was not created');
    const byDefault = track(createFluentPauseClient({ model: Sprocket }));
    const named = track(
      createFluentPauseClient({ model: Sprocket, events: { component: 'my-operator' } }),
    );
    await byDefault.recordEvent(object, { type: 'Normal', reason: 'Paused', message: 'a' });
    await named.recordEvent(object, { type: 'Normal', reason: 'Resumed', message: 'b' });
    const events = await eventsAbout(ref);
    const byReason = Object.fromEntries(events.map((e) => [e.reason, e]));
    expect(byReason.Paused).toMatchObject({
      reportingComponent: 'pause',
      source: { component: 'pause' },
    });
    expect(byReason.Resumed).toMatchObject({
      reportingComponent: 'my-operator',
      source: { component: 'my-operator' },
    });
  });

  it('rejects with a PauseApiError: 403 for a user without rights, 404 for a missing object, an injected 503', async () => {
    const ref = refOf(await sprockets.createObject());

    const restore = exportKubeconfig(withContext(cluster.info.kubeConfig, 'limited-1'));
    try {
      const limited = track(createFluentPauseClient({ model: Sprocket }));
      const forbidden = await rejection(limited.read(ref));
      expect(PauseApiError.isInstance(forbidden)).toBe(true);
      expect(forbidden).toMatchObject({ kind: 'forbidden', statusCode: 403, retryable: false });
    } finally {
      restore();
    }

    const client = track(createFluentPauseClient({ model: Sprocket }));
    const missing = await rejection(
      client.writeMetadata({ ...ref, name: 'missing' }, { kind: 'metadata', labels: {} }),
    );
    expect(PauseApiError.isInstance(missing)).toBe(true);
    expect(missing).toMatchObject({ kind: 'not-found', statusCode: 404 });

    const object = await client.read(ref);
    if (!object) throw new Error('the object was not read');
    proxy.failNext(
      { method: 'POST', path: '/events' },
      { kind: 'status', statusCode: 503, retryAfterSeconds: 3 },
    );
    const unavailable = await rejection(
      client.recordEvent(object, { type: 'Normal', reason: 'Paused', message: 'lost' }),
    );
    expect(PauseApiError.isInstance(unavailable)).toBe(true);
    expect(unavailable).toMatchObject({ statusCode: 503, retryable: true });
    expect(await eventsAbout(ref)).toEqual([]);
  });

  it("reads kfc's kubeconfig (KUBECONFIG) lazily, on the first call", async () => {
    const ref = refOf(await sprockets.createObject());
    // Created while KUBECONFIG names a user without rights: had it been read now, the read
    // below would be forbidden.
    const restoreLimited = exportKubeconfig(withContext(cluster.info.kubeConfig, 'limited-2'));
    const client = track(createFluentPauseClient({ model: Sprocket }));
    restoreLimited();
    expect(client.connection.stats()).toEqual({ connectionsOpened: 0, requests: 0 });
    const restoreAdmin = exportKubeconfig(cluster.info.kubeConfig); // straight to the server
    try {
      const read = await client.read(ref);
      expect(read?.metadata?.name).toBe(ref.name);
    } finally {
      restoreAdmin();
    }
  });

  it('shares a given connection and leaves it open on close()', async () => {
    const ref = refOf(await sprockets.createObject());
    const gizmoRef = refOf(await gizmos.createObject());
    const before = proxy.stats().connections;
    // One connection at most: a pool closed and re-created on the way would show as a second.
    const owner = track(
      createFluentPauseClient({ model: Sprocket, connectionOptions: { maxConnections: 1 } }),
    );
    await owner.read(ref);
    const sharing = createFluentPauseClient({
      model: GenericKind,
      kind: kfcKind(GIZMO),
      connection: owner.connection,
    });
    expect(sharing.connection).toBe(owner.connection);
    const gizmo = await sharing.read(gizmoRef);
    expect(gizmo?.metadata?.name).toBe(gizmoRef.name);
    await sharing.close();

    // The owner still works, on the same open connection; the sharing client opened none.
    expect((await owner.read(ref))?.metadata?.name).toBe(ref.name);
    expect(proxy.stats().connections - before).toBe(1);
    expect(owner.connection.stats()).toEqual({ connectionsOpened: 1, requests: 3 });
  });
});
