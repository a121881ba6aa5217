import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  eventually,
  type KubeEndpoint,
  type KubeWatch,
  kubeRequest,
  kubeWatch,
  testCrd,
} from '../src/index.ts';

const kube = inject('kube');
if (!kube.available) throw new Error(kube.reason);

// Unique per run, so reruns against a PAUSE_TEST_KUBECONFIG cluster never collide.
const RUN = randomBytes(3).toString('hex');
const GROUP = `smoke-${RUN}.pause.test`;
const PLURAL = 'widgets';
const CRD_NAME = `${PLURAL}.${GROUP}`;
const NS = `smoke-${RUN}`;
const BASE = `/apis/${GROUP}/v1/namespaces/${NS}/${PLURAL}`;

interface Condition {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
}
interface Widget {
  metadata: { name: string; resourceVersion: string };
  spec?: { size?: number };
  status?: { conditions?: Condition[] };
}
interface Status {
  kind: 'Status';
  code: number;
  reason?: string;
  message?: string;
}

const crd = testCrd({
  group: GROUP,
  kind: 'Widget',
  plural: PLURAL,
  conditions: 'map',
  specSchema: { type: 'object', properties: { size: { type: 'integer' } } },
});

describe('kube-harness smoke: CRD, status patches, watch, RBAC', () => {
  let api: KubeEndpoint;
  let watch: KubeWatch<Widget> | undefined;
  let created: Widget;

  beforeAll(async () => {
    if (!kube.available) return;
    api = { server: kube.server, caPem: kube.caPem, token: kube.token };
    const version = await kubeRequest<{ gitVersion: string }>(api, { path: '/version' });
    expect(version.status).toBe(200);
    console.log(`[smoke] server ${kube.server} ${version.body.gitVersion}`);
  });

  afterAll(async () => {
    watch?.close();
    if (!kube.available) return;
    await kubeRequest(api, { method: 'DELETE', path: `/api/v1/namespaces/${NS}` });
    await kubeRequest(api, {
      method: 'DELETE',
      path: `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${CRD_NAME}`,
    });
  });

  it('creates a CRD with a status subresource and waits until Established', async () => {
    const res = await kubeRequest(api, {
      path: '/apis/apiextensions.k8s.io/v1/customresourcedefinitions',
      body: crd,
    });
    expect(res.status, res.text).toBe(201);
    await eventually('CRD Established', async () => {
      const got = await kubeRequest<{ status?: { conditions?: Condition[] } }>(api, {
        path: `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${CRD_NAME}`,
      });
      const established = got.body.status?.conditions?.find((c) => c.type === 'Established');
      return established?.status === 'True' ? true : undefined;
    });
    const ns = await kubeRequest(api, {
      path: '/api/v1/namespaces',
      body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
    });
    expect(ns.status, ns.text).toBe(201);
  });

  it('creates an object (retrying while the new API is being served)', async () => {
    created = await eventually('widget created', async () => {
      const res = await kubeRequest<Widget>(api, {
        path: BASE,
        body: {
          apiVersion: `${GROUP}/v1`,
          kind: 'Widget',
          metadata: { name: 'w1' },
          spec: { size: 1 },
        },
      });
      if (res.status === 404) return undefined;
      expect(res.status, res.text).toBe(201);
      return res.body;
    });
    expect(created.metadata.resourceVersion).toBeTruthy();
    watch = kubeWatch<Widget>(
      api,
      `${BASE}?watch=true&fieldSelector=metadata.name%3Dw1&resourceVersion=${created.metadata.resourceVersion}`,
    );
    await watch.ready;
  });

  it('patches status with a JSON Patch guarded by test /metadata/resourceVersion; stale fails 422', async () => {
    const patch = (rv: string, condition: Condition) =>
      kubeRequest<Widget | Status>(api, {
        method: 'PATCH',
        path: `${BASE}/w1/status`,
        contentType: 'application/json-patch+json',
        body: [
          { op: 'test', path: '/metadata/resourceVersion', value: rv },
          { op: 'add', path: '/status', value: { conditions: [condition] } },
        ],
      });
    const ready: Condition = {
      type: 'Ready',
      status: 'True',
      reason: 'Smoke',
      message: 'patched',
      lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
    };
    const ok = await patch(created.metadata.resourceVersion, ready);
    expect(ok.status, ok.text).toBe(200);
    const patched = ok.body as Widget;
    expect(patched.status?.conditions?.[0]?.type).toBe('Ready');
    expect(patched.metadata.resourceVersion).not.toBe(created.metadata.resourceVersion);

    const stale = await patch(created.metadata.resourceVersion, { ...ready, status: 'False' });
    expect(stale.status, stale.text).toBe(422);
    expect((stale.body as Status).kind).toBe('Status');

    const staleMerge = await kubeRequest<Status>(api, {
      method: 'PATCH',
      path: `${BASE}/w1/status`,
      contentType: 'application/merge-patch+json',
      body: { metadata: { resourceVersion: created.metadata.resourceVersion }, status: {} },
    });
    expect(staleMerge.status, staleMerge.text).toBe(409);
  });

  it('server-side applies a second condition (list-map keyed by type keeps both)', async () => {
    const res = await kubeRequest<Widget>(api, {
      method: 'PATCH',
      path: `${BASE}/w1/status?fieldManager=smoke-ssa&force=true`,
      contentType: 'application/apply-patch+yaml',
      body: {
        apiVersion: `${GROUP}/v1`,
        kind: 'Widget',
        metadata: { name: 'w1' },
        status: { conditions: [{ type: 'Synced', status: 'True', reason: 'Applied' }] },
      },
    });
    expect(res.status, res.text).toBe(200);
    expect(res.body.status?.conditions?.map((c) => c.type).sort()).toEqual(['Ready', 'Synced']);
  });

  it('sees the status change as a MODIFIED watch event', async () => {
    if (!watch) throw new Error('watch not open');
    const event = await watch.next(
      (e) =>
        e.type === 'MODIFIED' && !!e.object.status?.conditions?.some((c) => c.type === 'Ready'),
      20_000,
    );
    expect(event.object.metadata.name).toBe('w1');
  });

  it('rejects an unknown token (401) and, on the harness server, denies the low-privilege users (403)', async () => {
    if (!kube.available) return;
    const anonymous = await kubeRequest(api, { path: BASE, token: 'not-a-valid-token' });
    expect(anonymous.status).toBe(401);
    // Pre-made token users exist only on the harness's own server, not on PAUSE_TEST_KUBECONFIG.
    if (kube.external) return;
    const limited = kube.users['limited-1'];
    expect(limited).toBeDefined();
    const denied = await kubeRequest<Status>(api, { path: BASE, token: limited?.token ?? '' });
    expect(denied.status, denied.text).toBe(403);
  });
});
