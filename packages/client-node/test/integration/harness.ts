import {
  CoreV1Api,
  CustomObjectsApi,
  type KubeConfig,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import {
  type Condition,
  conditionJsonPatch,
  type KubeObject,
  type ObjectRef,
  type PauseEvent,
} from '@pause/core';
import { type FaultProxy, startFaultProxy } from '@pause/kube-harness';
import type {
  ConformanceHarness,
  FaultControl,
  FaultTarget,
  TestObjectInit,
} from '@pause/testing/conformance';
import {
  type ClientNodePauseClient,
  type CustomResource,
  createClientNodePauseClient,
  type StatusStrategy,
} from '../../src/index.ts';
import {
  adminKubeConfig,
  type CrdFlavour,
  kubeConfigVia,
  kubeInfo,
  NAMESPACE,
  prepareCluster,
  testResource,
} from './cluster.ts';

const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const jsonPatch = setHeaderOptions('Content-Type', PatchStrategy.JsonPatch);
const apply = setHeaderOptions('Content-Type', PatchStrategy.ServerSideApply);

/** Field manager of the "other controller" writing its own condition. */
export const OTHER_MANAGER = 'other-controller';

/** Options of {@link createClientNodeHarness}. */
export interface ClientNodeHarnessOptions {
  strategy: StatusStrategy;
  namespaced: boolean;
  /** Route the adapter through the fault proxy (fault scenarios). Default true. */
  faults?: boolean;
}

/** The conformance harness plus what the other integration tests use. */
export interface ClientNodeHarness extends ConformanceHarness {
  client: ClientNodePauseClient;
  resource: CustomResource;
  /** The user / other writer: plain client-node, never the adapter. */
  userApi: CustomObjectsApi;
  proxy: FaultProxy | undefined;
  /** KubeConfig the adapter uses (through the proxy when there is one). */
  adapterKubeConfig: KubeConfig;
}

let counter = 0;

function isNotFound(error: unknown): boolean {
  return (error as { code?: number }).code === 404;
}

function isConflict(error: unknown): boolean {
  const code = (error as { code?: number }).code;
  return code === 409 || code === 422;
}

/** Which proxied requests a {@link FaultTarget} of the conformance suite means. */
function targetMatcher(target: FaultTarget, resource: CustomResource) {
  return (request: { method: string; path: string; watch: boolean }): boolean => {
    if (request.watch) return false;
    const onResource = request.path.includes(`/${resource.plural}/`);
    const isStatus = onResource && request.path.endsWith('/status');
    const isEvent = request.path.endsWith('/events');
    switch (target) {
      case 'read':
        return request.method === 'GET' && onResource;
      case 'writeMetadata':
        return request.method === 'PATCH' && onResource && !isStatus;
      case 'writeCondition':
        return request.method === 'PATCH' && isStatus;
      case 'recordEvent':
        return request.method === 'POST' && isEvent;
      case 'any':
        return onResource || isEvent;
    }
  };
}

/**
 * The {@link ConformanceHarness} of `@pause/client-node` against the real API server of the
 * kube harness: the adapter under test goes through a fault proxy; the user and the other
 * controller use a separate plain client-node client.
 */
export async function createClientNodeHarness(
  options: ClientNodeHarnessOptions,
): Promise<ClientNodeHarness> {
  const info = kubeInfo();
  const admin = adminKubeConfig(info);
  await prepareCluster(info);
  const flavour: CrdFlavour = options.strategy === 'server-side-apply' ? 'map' : 'loose';
  const resource = testResource(flavour, options.namespaced);
  const { group, version, plural } = resource;
  const proxy =
    options.faults === false
      ? undefined
      : await startFaultProxy({ target: info.server, targetCaPem: info.caPem });
  const adapterKubeConfig = proxy ? kubeConfigVia(admin, proxy.url, proxy.caPem) : admin;
  const client = await createClientNodePauseClient({
    kubeConfig: adapterKubeConfig,
    resource,
    statusStrategy: options.strategy,
    fieldManager: 'pause-test-controller',
    reportingComponent: 'pause.test/client-node',
  });
  const userApi = admin.makeApiClient(CustomObjectsApi);
  const core = admin.makeApiClient(CoreV1Api);
  const created: ObjectRef[] = [];
  const at = (ref: ObjectRef) => ({
    group,
    version,
    plural,
    name: ref.name,
    ...(options.namespaced ? { namespace: ref.namespace ?? NAMESPACE } : {}),
  });

  const patchMain = (ref: ObjectRef, body: unknown): Promise<KubeObject> => {
    const where = at(ref);
    return where.namespace
      ? userApi.patchNamespacedCustomObject({ ...where, namespace: where.namespace, body }, merge)
      : userApi.patchClusterCustomObject({ ...where, body }, merge);
  };
  const patchStatus = (ref: ObjectRef, body: unknown, how = merge, extra = {}) => {
    const where = at(ref);
    return (
      where.namespace
        ? userApi.patchNamespacedCustomObjectStatus(
            { ...where, namespace: where.namespace, body, ...extra },
            how,
          )
        : userApi.patchClusterCustomObjectStatus({ ...where, body, ...extra }, how)
    ) as Promise<KubeObject>;
  };
  const getObject = async (ref: ObjectRef): Promise<KubeObject | undefined> => {
    const where = at(ref);
    try {
      return where.namespace
        ? await userApi.getNamespacedCustomObject({ ...where, namespace: where.namespace })
        : await userApi.getClusterCustomObject(where);
    } catch (error) {
      if (isNotFound(error)) return undefined;
      throw error;
    }
  };
  const deleteObject = async (ref: ObjectRef): Promise<void> => {
    const where = at(ref);
    try {
      if (where.namespace) {
        await userApi.deleteNamespacedCustomObject({ ...where, namespace: where.namespace });
      } else await userApi.deleteClusterCustomObject(where);
    } catch (error) {
      if (!isNotFound(error)) throw error;
    }
  };

  const faults: FaultControl | undefined = proxy && {
    failNext(target, fault, count = 1) {
      proxy.failNext(
        targetMatcher(target, resource),
        fault.kind === 'network'
          ? { kind: 'network' }
          : {
              kind: 'status',
              statusCode: fault.statusCode,
              ...(fault.retryAfterSeconds !== undefined
                ? { retryAfterSeconds: fault.retryAfterSeconds }
                : {}),
            },
        count,
      );
    },
    clear: () => proxy.clear(),
  };

  return {
    client,
    resource,
    userApi,
    proxy,
    adapterKubeConfig,
    ...(faults ? { faults } : {}),

    async createObject(init: TestObjectInit = {}): Promise<KubeObject> {
      counter++;
      const name = `obj-${Date.now().toString(36)}-${counter}`;
      const metadata: Record<string, unknown> = { name };
      if (options.namespaced) metadata.namespace = NAMESPACE;
      if (init.labels) metadata.labels = init.labels;
      if (init.annotations) metadata.annotations = init.annotations;
      if (init.finalizers) metadata.finalizers = init.finalizers;
      const body = {
        apiVersion: `${group}/${version}`,
        kind: resource.kind,
        metadata,
        spec: { size: 1 },
      };
      let object: KubeObject = options.namespaced
        ? await userApi.createNamespacedCustomObject({
            group,
            version,
            plural,
            namespace: NAMESPACE,
            body,
          })
        : await userApi.createClusterCustomObject({ group, version, plural, body });
      const ref: ObjectRef = {
        apiVersion: body.apiVersion,
        kind: resource.kind,
        name,
        ...(options.namespaced ? { namespace: NAMESPACE } : {}),
      };
      created.push(ref);
      if (init.status) object = await patchStatus(ref, { status: init.status });
      return object;
    },
    getObject,
    patchMetadata: (ref, patch) => patchMain(ref, { metadata: patch }),
    patchSpec: (ref, spec) => patchMain(ref, { spec }),

    async writeOtherCondition(ref: ObjectRef, condition: Condition): Promise<KubeObject> {
      if (options.strategy === 'server-side-apply') {
        const metadata: Record<string, string> = { name: ref.name };
        if (ref.namespace) metadata.namespace = ref.namespace;
        const body = {
          apiVersion: ref.apiVersion,
          kind: ref.kind,
          metadata,
          status: { conditions: [condition] },
        };
        return patchStatus(ref, body, apply, { fieldManager: OTHER_MANAGER, force: true });
      }
      // The other controller's own safe path on an atomic list: an RV-guarded JSON Patch.
      for (let attempt = 0; ; attempt++) {
        const current = await getObject(ref);
        if (!current) throw new Error(`${ref.name} is gone`);
        const ops = conditionJsonPatch(current, { op: 'set', condition });
        if (ops.length === 0) return current;
        try {
          return await patchStatus(ref, ops, jsonPatch, { fieldManager: OTHER_MANAGER });
        } catch (error) {
          if (!isConflict(error) || attempt > 200) throw error;
        }
      }
    },
    deleteObject,
    async removeFinalizers(ref: ObjectRef): Promise<void> {
      try {
        await patchMain(ref, { metadata: { finalizers: null } });
      } catch (error) {
        if (!isNotFound(error)) throw error;
      }
    },
    async listEvents(ref: ObjectRef): Promise<PauseEvent[]> {
      const list = await core.listNamespacedEvent({
        namespace: ref.namespace ?? 'default',
        fieldSelector: `involvedObject.name=${ref.name},involvedObject.kind=${ref.kind}`,
      });
      return list.items
        .sort((a, b) => Number(a.metadata?.resourceVersion) - Number(b.metadata?.resourceVersion))
        .map((event) => ({
          type: event.type as PauseEvent['type'],
          reason: event.reason as PauseEvent['reason'],
          message: event.message ?? '',
        }));
    },
    async cleanup(): Promise<void> {
      proxy?.clear();
      for (const ref of created.splice(0)) {
        await patchMain(ref, { metadata: { finalizers: null } }).catch(() => undefined);
        await deleteObject(ref);
      }
      await client.close();
      await proxy?.close();
    },
  };
}
