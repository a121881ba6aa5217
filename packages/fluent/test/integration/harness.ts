import { randomBytes } from 'node:crypto';
import {
  type Condition,
  conditionApplyPatch,
  conditionJsonPatch,
  type KubeObject,
  type ObjectRef,
  type PauseEvent,
} from '@pause/core';
import type { KubeEndpoint, ProxyFault, RequestMatch as ProxyMatch } from '@pause/kube-harness';
import type {
  ConformanceHarness,
  FaultControl,
  FaultTarget,
  InjectedFault,
  TestObjectInit,
} from '@pause/testing';
import type { FluentPauseClient } from '../../src/index.ts';
import { API_VERSION, GROUP, type TestResource, VERSION } from './crds.ts';
import { direct, directRaw } from './direct.ts';

const MERGE = 'application/merge-patch+json';
const JSON_PATCH = 'application/json-patch+json';
const APPLY = 'application/apply-patch+yaml';

/** Where a {@link FluentHarness} acts. */
export interface FluentHarnessOptions {
  /** The real API server, as the user and other controllers (never through the proxy). */
  endpoint: KubeEndpoint;
  resource: TestResource;
  /** The namespace of namespaced test objects. */
  namespace: string;
  /** The adapter under test (its KUBECONFIG points at the fault proxy). */
  client: FluentPauseClient;
  /** The fault proxy in front of the adapter, when there is one. */
  proxy?: { failNext(match: ProxyMatch, fault: ProxyFault, count?: number): void; clear(): void };
}

/** The REST path of an object of `resource` (directly on the server). */
export function pathOf(
  resource: TestResource,
  namespace: string | undefined,
  name?: string,
): string {
  const ns = resource.scope === 'Namespaced' ? `/namespaces/${namespace}` : '';
  return `/apis/${GROUP}/${VERSION}${ns}/${resource.plural}${name ? `/${name}` : ''}`;
}

function matchOf(target: FaultTarget): ProxyMatch {
  return (request) => {
    const isEvent = request.path.includes('/events');
    switch (target) {
      case 'read':
        return request.method === 'GET' && !isEvent;
      case 'writeMetadata':
        return request.method === 'PATCH' && !request.path.endsWith('/status');
      case 'writeCondition':
        return request.method === 'PATCH' && request.path.endsWith('/status');
      case 'recordEvent':
        return request.method === 'POST' && isEvent;
      default:
        return true;
    }
  };
}

function proxyFaultOf(fault: InjectedFault): ProxyFault {
  return fault.kind === 'network'
    ? { kind: 'network' }
    : {
        kind: 'status',
        statusCode: fault.statusCode,
        ...(fault.retryAfterSeconds !== undefined
          ? { retryAfterSeconds: fault.retryAfterSeconds }
          : {}),
      };
}

/** The conformance harness of `@pause/fluent` against a real API server. */
export function createFluentHarness(options: FluentHarnessOptions): ConformanceHarness {
  const { endpoint, resource, client } = options;
  const namespace = resource.scope === 'Namespaced' ? options.namespace : undefined;
  const created: ObjectRef[] = [];
  const path = (ref: ObjectRef) => pathOf(resource, ref.namespace, ref.name);
  const mergePatch = (ref: ObjectRef, body: unknown, sub = '') =>
    direct<KubeObject>(endpoint, {
      method: 'PATCH',
      path: `${path(ref)}${sub}`,
      body,
      contentType: MERGE,
    });
  const getObject = async (ref: ObjectRef) => {
    const res = await directRaw<KubeObject>(endpoint, { path: path(ref) });
    if (res.status === 404) return undefined;
    if (res.status !== 200) throw new Error(`get ${path(ref)}: ${res.status} ${res.text}`);
    return res.body;
  };
  const deleteObject = async (ref: ObjectRef) => {
    await direct(endpoint, { method: 'DELETE', path: path(ref) }, [200, 202, 404]);
  };
  const removeFinalizers = async (ref: ObjectRef) => {
    await direct(
      endpoint,
      {
        method: 'PATCH',
        path: path(ref),
        body: { metadata: { finalizers: null } },
        contentType: MERGE,
      },
      [200, 404],
    );
  };

  const faults: FaultControl | undefined = options.proxy && {
    failNext: (target, fault, count) =>
      options.proxy?.failNext(matchOf(target), proxyFaultOf(fault), count),
    clear: () => options.proxy?.clear(),
  };

  return {
    client,
    ...(faults ? { faults } : {}),
    async createObject(init: TestObjectInit = {}) {
      const name = `t-${randomBytes(4).toString('hex')}`;
      const metadata: Record<string, unknown> = { name };
      if (namespace) metadata.namespace = namespace;
      if (init.labels) metadata.labels = init.labels;
      if (init.annotations) metadata.annotations = init.annotations;
      if (init.finalizers) metadata.finalizers = init.finalizers;
      let object = await direct<KubeObject>(endpoint, {
        path: pathOf(resource, namespace),
        body: { apiVersion: API_VERSION, kind: resource.kind, metadata, spec: { size: 1 } },
      });
      const ref: ObjectRef = {
        apiVersion: API_VERSION,
        kind: resource.kind,
        name,
        ...(namespace ? { namespace } : {}),
      };
      created.push(ref);
      if (init.status) object = await mergePatch(ref, { status: init.status }, '/status');
      return object;
    },
    getObject,
    patchMetadata: (ref, patch) => mergePatch(ref, { metadata: patch }),
    patchSpec: (ref, spec) => mergePatch(ref, { spec }),
    async writeOtherCondition(ref: ObjectRef, condition: Condition) {
      if (resource.conditions === 'map') {
        // Its own field manager, server-side apply: the map-list merges per `type`.
        const stored = await getObject(ref);
        const body = conditionApplyPatch(
          stored ?? {
            apiVersion: API_VERSION,
            kind: resource.kind,
            metadata: { name: ref.name, ...(namespace ? { namespace } : {}) },
          },
          { op: 'set', condition },
        );
        return direct<KubeObject>(endpoint, {
          method: 'PATCH',
          path: `${path(ref)}/status?fieldManager=other-controller&force=true`,
          body,
          contentType: APPLY,
        });
      }
      // A read-modify-write guarded by resourceVersion, retried on conflict.
      for (let attempt = 0; ; attempt++) {
        const stored = await getObject(ref);
        if (!stored) throw new Error(`writeOtherCondition: ${path(ref)} is gone`);
        const ops = conditionJsonPatch(stored, { op: 'set', condition });
        if (ops.length === 0) return stored;
        const res = await directRaw<KubeObject>(endpoint, {
          method: 'PATCH',
          path: `${path(ref)}/status`,
          body: ops,
          contentType: JSON_PATCH,
        });
        if (res.status === 200) return res.body;
        if ((res.status !== 409 && res.status !== 422) || attempt > 50) {
          throw new Error(`writeOtherCondition: ${res.status} ${res.text}`);
        }
      }
    },
    deleteObject,
    removeFinalizers,
    async listEvents(ref): Promise<PauseEvent[]> {
      const selector = encodeURIComponent(
        `involvedObject.name=${ref.name},involvedObject.kind=${ref.kind}`,
      );
      const list = await direct<{
        items: Array<Record<string, unknown> & { metadata: { resourceVersion: string } }>;
      }>(endpoint, {
        path: `/api/v1/namespaces/${ref.namespace ?? 'default'}/events?fieldSelector=${selector}`,
      });
      return list.items
        .sort((a, b) => Number(a.metadata.resourceVersion) - Number(b.metadata.resourceVersion))
        .map((item) => ({
          type: item.type as PauseEvent['type'],
          reason: item.reason as PauseEvent['reason'],
          message: String(item.message ?? ''),
        }));
    },
    async cleanup() {
      faults?.clear();
      for (const ref of created.splice(0)) {
        await removeFinalizers(ref);
        await deleteObject(ref);
      }
    },
  };
}
