/**
 * Reliability (issue 13): a controller whose user may do everything it needs EXCEPT `patch` on
 * the `/status` subresource in one namespace. Each attempt to write the `Paused` condition there
 * gives one clear error (naming the verb and the resource) through `onError`, the attempts back
 * off exponentially (counted at a pass-through proxy: far below a fixed-rate retry), nothing
 * crashes, and the same controller keeps pausing and resuming objects in the namespace where
 * the user may patch `/status`.
 */
import { PauseApiError } from '@pause/core';
import { refOf } from '@pause/core/adapter';
import { kubeRequest } from '@pause/kube-harness';
import {
  type AdapterProxy,
  connectRealCluster,
  createTestObjects,
  type TestObjects,
  waitFor,
} from '@pause/real-cluster';
import { afterAll, describe, expect, it } from 'vitest';
import { createPausableController, type PausableController } from '../../src/index.ts';
import {
  LABEL,
  LONG,
  logRequests,
  pausedStatus,
  report,
  scale,
  sleep,
  statusPatches,
} from '../reliability/support.ts';
import { kubeConfigOf, testResource } from './cluster.ts';

const DENIED = 'pause-reliability-denied';
const ALLOWED = 'pause-reliability-allowed';
const USER = 'limited-3';
const ROLE = 'pause-reliability-controller';
const BASE_MS = 100;
const cluster = connectRealCluster();
const resource = testResource('free', true);

/** What the controller needs; `/status` patch only when `statusPatch`. */
function role(namespace: string, statusPatch: boolean) {
  return {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'Role',
    metadata: { name: ROLE, namespace },
    rules: [
      {
        apiGroups: [resource.group],
        resources: [resource.plural],
        verbs: ['get', 'list', 'watch', 'patch', 'update'],
      },
      {
        apiGroups: [resource.group],
        resources: [`${resource.plural}/status`],
        verbs: statusPatch ? ['get', 'patch', 'update'] : ['get'],
      },
      {
        apiGroups: ['', 'events.k8s.io'],
        resources: ['events'],
        verbs: ['create', 'patch', 'update', 'get', 'list'],
      },
    ],
  };
}

async function apply(path: string, body: { metadata: { name: string } }) {
  const created = await kubeRequest(cluster.endpoint, { method: 'POST', path, body });
  if (created.status === 201) return;
  if (created.status !== 409)
    throw new Error(`POST ${path}: HTTP ${created.status} ${created.text}`);
  const replaced = await kubeRequest(cluster.endpoint, {
    method: 'PATCH',
    path: `${path}/${body.metadata.name}`,
    body,
    contentType: 'application/merge-patch+json',
  });
  if (replaced.status !== 200) throw new Error(`PATCH ${path}: HTTP ${replaced.status}`);
}

async function grant(namespace: string, statusPatch: boolean) {
  const rbac = `/apis/rbac.authorization.k8s.io/v1/namespaces/${namespace}`;
  await apply(`${rbac}/roles`, role(namespace, statusPatch));
  await apply(`${rbac}/rolebindings`, {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: ROLE, namespace },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: ROLE },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: USER }],
  } as { metadata: { name: string } });
}

describe('reliability: no permission to patch /status in one namespace', () => {
  let denied: TestObjects | undefined;
  let allowed: TestObjects | undefined;
  let proxy: AdapterProxy | undefined;
  let controller: PausableController | undefined;

  afterAll(async () => {
    await controller?.stop();
    await denied?.cleanup();
    await allowed?.cleanup();
    await proxy?.close();
  });

  it('one clear error per attempt, exponential backoff, and work elsewhere goes on', async () => {
    denied = await createTestObjects({ cluster, resource, namespace: DENIED });
    allowed = await createTestObjects({ cluster, resource, namespace: ALLOWED });
    await grant(DENIED, false);
    await grant(ALLOWED, true);
    // A pass-through proxy as the limited user, to count the requests.
    const asUser = { ...cluster.info.kubeConfig, currentContext: USER };
    proxy = await connectRealCluster({ ...cluster.info, kubeConfig: asUser }).startFaultProxy();
    const log = logRequests(proxy);
    const errors: Array<{ key: string; error: unknown; at: number }> = [];
    controller = createPausableController({
      kubeConfig: kubeConfigOf(proxy.kubeConfig),
      resource,
      pause: { labelKey: LABEL },
      namespaces: [DENIED, ALLOWED],
      backoff: { baseMs: BASE_MS, maxMs: 60_000 },
      onError: (key, error) => errors.push({ key, error, at: performance.now() }),
      reconcile: async () => undefined,
    });
    await controller.start();
    const blocked = refOf(await denied.createObject());
    const free = refOf(await allowed.createObject());
    const blockedKey = `${DENIED}/${blocked.name}`;

    await denied.patchMetadata(blocked, { labels: { [LABEL]: 'no-rights' } });
    const first = await waitFor('the first forbidden write', () =>
      errors.find((e) => e.key === blockedKey),
    );
    const windowMs = scale(10_000, 30_000);
    const windowEnd = first.at + windowMs;

    // Meanwhile the other namespace works normally: pause, then resume.
    const h = allowed;
    await h.patchMetadata(free, { labels: { [LABEL]: 'fine' } });
    await waitFor('Paused=True where /status may be patched', async () =>
      pausedStatus(await h.getObject(free)) === 'True' ? true : undefined,
    );
    await h.patchMetadata(free, { labels: { [LABEL]: null } });
    await waitFor('resumed where /status may be patched', async () =>
      pausedStatus(await h.getObject(free)) === undefined ? true : undefined,
    );
    await sleep(Math.max(0, windowEnd - performance.now()));

    const attempts = statusPatches(log, blocked).filter((r) => r.at <= windowEnd + 1);
    const reported = errors.filter((e) => e.key === blockedKey && e.at <= windowEnd + 50);
    // One error per attempt, each naming the verb and the resource.
    expect(reported.length).toBe(attempts.length);
    for (const { error } of reported) {
      expect(PauseApiError.isInstance(error)).toBe(true);
      expect((error as PauseApiError).kind).toBe('forbidden');
      expect((error as Error).message).toMatch(/\bpatch\b/);
      expect((error as Error).message).toContain(`${resource.plural}/status`);
    }
    // Exponential: ~log2(window / base) attempts, where a fixed-rate retry makes window / base.
    const fixedRate = Math.floor(windowMs / BASE_MS);
    expect(attempts.length).toBeGreaterThanOrEqual(3);
    expect(attempts.length).toBeLessThanOrEqual(fixedRate / 5);
    expect(pausedStatus(await denied.getObject(blocked))).toBeUndefined();
    expect(controller.informers.every((informer) => informer.restarts === 0)).toBe(true);

    let recoverySeconds: number | undefined;
    if (LONG) {
      // Given the right, the next retry lands.
      const granted = performance.now();
      await grant(DENIED, true);
      const d = denied;
      await waitFor(
        'Paused=True once /status may be patched',
        async () => (pausedStatus(await d.getObject(blocked)) === 'True' ? true : undefined),
        120_000,
      );
      recoverySeconds = +((performance.now() - granted) / 1000).toFixed(2);
    }
    report('forbidden-status', {
      windowSeconds: windowMs / 1000,
      attemptsInWindow: attempts.length,
      fixedRateAttemptsInWindow: fixedRate,
      errorsReported: reported.length,
      firstMessage: String((reported[0]?.error as Error | undefined)?.message).slice(0, 300),
      ...(recoverySeconds !== undefined ? { recoverySecondsAfterGrant: recoverySeconds } : {}),
    });
  });
});
