import { randomBytes } from 'node:crypto';
import { KubeConfig } from '@kubernetes/client-node';
import { type Condition, type KubeObject, PauseApiError } from '@pause/core';
import { refOf } from '@pause/core/adapter';
import { freePorts, type KubeConfigOptions, kubeRequest, withContext } from '@pause/kube-harness';
import {
  connectRealCluster,
  createTestObjects,
  type TestObjects,
  type TestResource,
  waitFor,
} from '@pause/real-cluster';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import {
  createKubeConnection,
  createRestPauseClient,
  type KubeConnection,
  resourcePath,
} from '../../src/index.ts';

const WIDGET: TestResource = {
  group: 'http.pause.test',
  version: 'v1',
  kind: 'Widget',
  plural: 'widgets',
  namespaced: true,
  conditions: 'free',
};

const cluster = connectRealCluster();
const namespace = `http-${randomBytes(3).toString('hex')}`;
let objects: TestObjects;
/** Connections a test created; closed after it. */
const opened: KubeConnection[] = [];

/** A client-node `KubeConfig` of the harness's kubeconfig (admin), or of one of its users. */
function kubeConfigOf(options: KubeConfigOptions = cluster.info.kubeConfig): KubeConfig {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions(options);
  return kubeConfig;
}

function connect(kubeConfig: KubeConfig = kubeConfigOf()): KubeConnection {
  const connection = createKubeConnection({ kubeConfig });
  opened.push(connection);
  return connection;
}

function pauseClient(connection: KubeConnection) {
  return createRestPauseClient({ connection, resource: WIDGET, reporter: { component: 'http' } });
}

function condition(type: string, message: string): Condition {
  return {
    type,
    status: 'True',
    reason: type === 'Paused' ? 'PausedByLabel' : 'SetByOther',
    message,
    lastTransitionTime: '2026-01-01T00:00:00Z',
  };
}

function conditionsOf(object: KubeObject | undefined): Condition[] {
  return (object?.status as { conditions?: Condition[] } | undefined)?.conditions ?? [];
}

async function rejection(call: Promise<unknown>): Promise<unknown> {
  return call.then(
    () => expect.unreachable('the call should have failed'),
    (error: unknown) => error,
  );
}

/** As the admin: lets `user` get widgets in the test namespace (RBAC Role + RoleBinding). */
async function grantGetWidgets(user: string): Promise<void> {
  const rbac = `/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}`;
  const name = `get-widgets-${user}`;
  const created = await Promise.all([
    kubeRequest(cluster.endpoint, {
      path: `${rbac}/roles`,
      body: {
        metadata: { name },
        rules: [{ apiGroups: [WIDGET.group], resources: [WIDGET.plural], verbs: ['get'] }],
      },
    }),
    kubeRequest(cluster.endpoint, {
      path: `${rbac}/rolebindings`,
      body: {
        metadata: { name },
        roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name },
        subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
      },
    }),
  ]);
  expect(created.map((r) => r.status)).toEqual([201, 201]);
}

beforeAll(async () => {
  objects = await createTestObjects({ cluster, resource: WIDGET, namespace });
});

afterEach(async () => {
  for (const connection of opened.splice(0)) await connection.close();
});

afterAll(async () => {
  await objects?.cleanup();
});

describe('@pause/http against a real kube-apiserver', () => {
  it('200 sequential reads of an object go through at most 2 pooled connections', async () => {
    const created = await objects.createObject();
    const ref = refOf(created);
    const connection = connect();
    const client = pauseClient(connection);
    for (let i = 0; i < 200; i++) {
      const read = await client.read(ref);
      expect(read?.metadata?.uid).toBe(created.metadata?.uid);
    }
    const stats = connection.stats();
    console.info(`[http] pool after 200 reads: ${JSON.stringify(stats)}`);
    expect(stats.requests).toBe(200);
    expect(stats.connectionsOpened).toBeGreaterThanOrEqual(1);
    expect(stats.connectionsOpened).toBeLessThanOrEqual(2);
  });

  it("authenticates each request with the kubeconfig user's bearer token", async () => {
    const ref = refOf(await objects.createObject());
    // A token the server does not know: 401.
    const unknown = kubeConfigOf({
      ...cluster.info.kubeConfig,
      users: cluster.info.kubeConfig.users.map((u) => ({ ...u, token: 'not-a-token' })),
    });
    const unauthorized = await rejection(pauseClient(connect(unknown)).read(ref));
    expect(PauseApiError.isInstance(unauthorized)).toBe(true);
    expect(unauthorized).toMatchObject({ statusCode: 401, retryable: false });

    // Known users without rights: authenticated as themselves, then forbidden by RBAC.
    const limited1 = pauseClient(
      connect(kubeConfigOf(withContext(cluster.info.kubeConfig, 'limited-1'))),
    );
    const limited2 = pauseClient(
      connect(kubeConfigOf(withContext(cluster.info.kubeConfig, 'limited-2'))),
    );
    const forbidden = await rejection(limited1.read(ref));
    expect(PauseApiError.isInstance(forbidden)).toBe(true);
    expect(forbidden).toMatchObject({ kind: 'forbidden', statusCode: 403, retryable: false });
    expect((forbidden as PauseApiError).serverMessage).toContain('User "limited-1"');

    // Once RBAC lets limited-1 get widgets, its reads succeed; limited-2's still do not.
    await grantGetWidgets('limited-1');
    const read = await waitFor('limited-1 to be allowed to get the widget', () =>
      limited1.read(ref).catch((error: unknown) => {
        if (PauseApiError.isInstance(error) && error.kind === 'forbidden') return undefined;
        throw error;
      }),
    );
    expect(read.metadata?.name).toBe(ref.name);
    await expect(limited2.read(ref)).rejects.toMatchObject({
      kind: 'forbidden',
      retryable: false,
      serverMessage: expect.stringContaining('User "limited-2"'),
    });
  });

  it('reads a missing object as undefined', async () => {
    const client = pauseClient(connect());
    await expect(
      client.read({ apiVersion: 'http.pause.test/v1', kind: 'Widget', name: 'missing', namespace }),
    ).resolves.toBeUndefined();
  });

  it('resourcePath addresses core-group and custom objects and collections on the server', async () => {
    const connection = connect();
    const namespaceObject = await connection.send<KubeObject>({
      method: 'GET',
      path: resourcePath({ group: '', version: 'v1', plural: 'namespaces' }, { name: namespace }),
      operation: 'get namespace',
    });
    expect(namespaceObject).toMatchObject({ kind: 'Namespace', metadata: { name: namespace } });
    const ref = refOf(await objects.createObject());
    const list = await connection.send<{ kind: string; items: KubeObject[] }>({
      method: 'GET',
      path: resourcePath(WIDGET, { namespace }),
      operation: 'list widgets',
    });
    expect(list.kind).toBe('WidgetList');
    expect(list.items.map((item) => item.metadata?.name)).toContain(ref.name);
  });

  it('writeMetadata with a stale resourceVersion is a conflict and changes nothing', async () => {
    const created = await objects.createObject({ labels: { keep: 'yes' } });
    const ref = refOf(created);
    const client = pauseClient(connect());
    const current = await client.writeMetadata(ref, {
      kind: 'metadata',
      labels: { first: 'yes' },
      resourceVersion: String(created.metadata?.resourceVersion),
    });
    expect(current.metadata?.labels).toEqual({ keep: 'yes', first: 'yes' });

    const conflict = await rejection(
      client.writeMetadata(ref, {
        kind: 'metadata',
        labels: { stale: 'yes' },
        resourceVersion: String(created.metadata?.resourceVersion),
      }),
    );
    expect(PauseApiError.isInstance(conflict)).toBe(true);
    expect(conflict).toMatchObject({ kind: 'conflict', statusCode: 409, retryable: true });
    expect((await objects.getObject(ref))?.metadata?.labels).toEqual({ keep: 'yes', first: 'yes' });
  });

  it('writeCondition with a stale base is a conflict (1.20 answers a bare 422) and changes nothing', async () => {
    const other = condition('OtherReady', 'set by another controller');
    const created = await objects.createObject({ status: { conditions: [other] } });
    const ref = refOf(created);
    const client = pauseClient(connect());
    const paused = condition('Paused', 'paused');
    const written = await client.writeCondition(ref, created, { op: 'set', condition: paused });
    expect(conditionsOf(await objects.getObject(ref))).toEqual([other, paused]);

    const conflict = await rejection(
      client.writeCondition(ref, created, {
        op: 'set',
        condition: { ...paused, message: 'decided on a stale read' },
      }),
    );
    expect(PauseApiError.isInstance(conflict)).toBe(true);
    expect(conflict).toMatchObject({ kind: 'conflict', statusCode: 422, retryable: true });
    const stored = await objects.getObject(ref);
    expect(conditionsOf(stored)).toEqual([other, paused]);
    expect(stored?.metadata?.resourceVersion).toBe(written.metadata?.resourceVersion);
  });

  it('a server on a closed port is a network failure', async () => {
    const [port] = await freePorts(1);
    const closed = cluster.info.kubeConfig.clusters.map((c) => ({
      ...c,
      server: `https://127.0.0.1:${port}`,
    }));
    const connection = connect(kubeConfigOf({ ...cluster.info.kubeConfig, clusters: closed }));
    const failure = await rejection(
      pauseClient(connection).read({
        apiVersion: 'http.pause.test/v1',
        kind: 'Widget',
        name: 'any',
        namespace,
      }),
    );
    expect(PauseApiError.isInstance(failure)).toBe(true);
    expect(failure).toMatchObject({ kind: 'network', statusCode: undefined, retryable: true });
  });
});
