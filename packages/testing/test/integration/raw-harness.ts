import { randomBytes } from 'node:crypto';
import {
  type Condition,
  conditionJsonPatch,
  type KubeObject,
  type ObjectRef,
  refOf,
} from '@pause/core';
import type { ConformanceHarness, TestObjectInit } from '../../src/conformance/harness.ts';
import { installCrd, type KubeEndpoint, testCrd } from './kube.ts';
import { call, objectPath, RawHttpPauseClient } from './raw-client.ts';

const GROUP = 'conformance.pause.dev';
const API_VERSION = `${GROUP}/v1`;

/** The test CRD: namespaced `Widget` with a `/status` subresource, unknown fields kept. */
const crd = testCrd({ group: GROUP, kind: 'Widget', plural: 'widgets', conditions: 'free' });

/** A {@link ConformanceHarness} over raw HTTPS against the real API server at `endpoint`. */
export async function makeRawHarness(endpoint: KubeEndpoint): Promise<ConformanceHarness> {
  const namespace = `conformance-${randomBytes(3).toString('hex')}`;
  await call(endpoint, 'create namespace', {
    method: 'POST',
    path: '/api/v1/namespaces',
    body: { apiVersion: 'v1', kind: 'Namespace', metadata: { name: namespace } },
  });
  await installCrd(endpoint, crd);
  const client = new RawHttpPauseClient(endpoint);
  const merge = (ref: ObjectRef, body: unknown, subresource = '') =>
    call(endpoint, 'patch', {
      method: 'PATCH',
      path: objectPath(ref, subresource),
      body,
      contentType: 'application/merge-patch+json',
    }).then((response) => response.body);
  const get = (ref: ObjectRef) => client.read(ref);
  let counter = 0;

  return {
    client,
    faults: client.faults,
    async createObject(init: TestObjectInit = {}) {
      counter += 1;
      const metadata: Record<string, unknown> = { name: `widget-${counter}`, namespace };
      if (init.labels) metadata.labels = init.labels;
      if (init.annotations) metadata.annotations = init.annotations;
      if (init.finalizers) metadata.finalizers = init.finalizers;
      const created = await call(endpoint, 'create', {
        method: 'POST',
        path: `/apis/${API_VERSION}/namespaces/${namespace}/widgets`,
        body: { apiVersion: API_VERSION, kind: 'Widget', metadata, spec: { size: 1 } },
      });
      if (init.status === undefined) return created.body;
      return merge(refOf(created.body), { status: init.status }, '/status');
    },
    getObject: get,
    patchMetadata: (ref, patch) => merge(ref, { metadata: patch }),
    patchSpec: (ref, spec) => merge(ref, { spec }),
    async writeOtherCondition(ref: ObjectRef, condition: Condition) {
      const current = (await get(ref)) as KubeObject;
      const response = await call(endpoint, 'patch status', {
        method: 'PATCH',
        path: objectPath(ref, '/status'),
        body: conditionJsonPatch(current, { op: 'set', condition }),
        contentType: 'application/json-patch+json',
      });
      return response.body;
    },
    async deleteObject(ref) {
      await call(endpoint, 'delete', { method: 'DELETE', path: objectPath(ref) });
    },
    async removeFinalizers(ref) {
      await merge(ref, { metadata: { finalizers: null } });
    },
    async listEvents(ref) {
      const response = await call<{ items: Array<Record<string, unknown>> }>(
        endpoint,
        'list events',
        {
          method: 'GET',
          path: `/api/v1/namespaces/${namespace}/events?fieldSelector=involvedObject.name%3D${ref.name}`,
        },
      );
      const rv = (item: Record<string, unknown>) =>
        Number((item.metadata as { resourceVersion?: string }).resourceVersion);
      return response.body.items
        .sort((a, b) => rv(a) - rv(b))
        .map((item) => ({
          type: item.type as 'Normal' | 'Warning',
          reason: item.reason as never,
          message: String(item.message),
        }));
    },
    async cleanup() {
      client.faults.clear();
      const list = await call<{ items: KubeObject[] }>(endpoint, 'list', {
        method: 'GET',
        path: `/apis/${API_VERSION}/namespaces/${namespace}/widgets`,
      });
      for (const item of list.body.items) {
        const ref = refOf(item);
        if ((item.metadata?.finalizers ?? []).length > 0)
          await merge(ref, { metadata: { finalizers: null } });
        await call(endpoint, 'delete', { method: 'DELETE', path: objectPath(ref) }).catch(
          () => undefined,
        );
      }
    },
  };
}
