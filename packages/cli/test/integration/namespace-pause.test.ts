import { randomBytes } from 'node:crypto';
import { KubeConfig } from '@kubernetes/client-node';
import { createPausePolicy, type KubeObject, POLICY_ANNOTATION, runPause } from '@pause/core';
import { createKubeConnection, createRestPauseClient } from '@pause/http';
import { type CrdManifest, installCrd, kubeRequest, testCrd } from '@pause/kube-harness';
import type {} from '@pause/kube-harness/vitest-global-setup';
import { connectRealCluster } from '@pause/real-cluster';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { rfc3339 } from '../../src/duration.ts';
import { kubectlPause } from './helpers.ts';

const cluster = connectRealCluster();
const kube = cluster.info;
const SUFFIX = randomBytes(3).toString('hex');
const NS1 = `cli-nsp-a-${SUFFIX}`;
const NS2 = `cli-nsp-b-${SUFFIX}`;
const GROUP = 'nspause.cli.pause.test';
const GIZMOS = `gizmos.${GROUP}`;
const LABEL = `${GROUP}/paused`;
const REASON = `${GROUP}/pause-reason`;
const UNTIL = `${GROUP}/pause-until`;
/** A second controller's type, with another namespace label. */
const OTHER_GROUP = 'nspause-other.cli.pause.test';
const OTHER_LABEL = `${OTHER_GROUP}/namespace-paused`;
const NOW = new Date();
const UNTIL_2H = rfc3339(new Date(NOW.getTime() + 2 * 3_600_000));

const run = (...args: string[]) =>
  kubectlPause(['--kubeconfig', kube.kubeconfigPath, ...args], { now: () => NOW });
/** With the gizmos' policy chosen, whatever other CRDs on the server declare. */
const runFor = (...args: string[]) => run(...args, '--for', GIZMOS);

const gizmosPath = (namespace: string) => `/apis/${GROUP}/v1/namespaces/${namespace}/gizmos`;

function crdWithPolicy(group: string, kind: string, plural: string, policy: object): CrdManifest {
  const crd = testCrd({ group, kind, plural, conditions: 'map' });
  return {
    ...crd,
    metadata: { ...crd.metadata, annotations: { [POLICY_ANNOTATION]: JSON.stringify(policy) } },
  } as CrdManifest;
}

async function request<T>(path: string, method = 'GET', body?: object): Promise<T> {
  const response = await kubeRequest<T>(cluster.endpoint, {
    path,
    method,
    ...(body ? { body } : {}),
  });
  if (response.status >= 300 && response.status !== 409) {
    throw new Error(`${method} ${path}: HTTP ${response.status} ${response.text}`);
  }
  return response.body;
}

const getNamespace = (name: string) => request<KubeObject>(`/api/v1/namespaces/${name}`);

const gizmo = (namespace: string, name: string) =>
  request<KubeObject>(`${gizmosPath(namespace)}/${name}`);

async function gizmos(namespace: string): Promise<KubeObject[]> {
  return (await request<{ items: KubeObject[] }>(gizmosPath(namespace))).items;
}

function pausedCondition(object: KubeObject): Record<string, unknown> | undefined {
  const conditions = (object.status as { conditions?: Array<Record<string, unknown>> } | undefined)
    ?.conditions;
  return conditions?.find((c) => c.type === 'Paused');
}

/**
 * A controller of gizmos using pause with `namespaceLabelKey`, as small as it gets: every
 * 100 ms it reads the Namespace and runs core's `runPause` on each gizmo in it.
 */
function startGizmoController(namespace: string): { stop(): Promise<void> } {
  const kubeConfig = new KubeConfig();
  kubeConfig.loadFromOptions(kube.kubeConfig);
  const connection = createKubeConnection({ kubeConfig });
  const client = createRestPauseClient({
    connection,
    resource: { group: GROUP, version: 'v1', plural: 'gizmos', namespaced: true },
    reporter: { component: 'gizmo-controller' },
  });
  const policy = createPausePolicy({
    labelKey: LABEL,
    reasonAnnotation: REASON,
    untilAnnotation: UNTIL,
    namespaceLabelKey: LABEL,
  });
  let stopped = false;
  let failure: unknown;
  const loop = (async () => {
    while (!stopped && failure === undefined) {
      try {
        const ns = await getNamespace(namespace);
        for (const gizmo of await gizmos(namespace)) {
          await runPause(client, gizmo, policy, { now: Date.now(), namespace: ns });
        }
      } catch (error) {
        failure = error; // reported by stop()
      }
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return {
    async stop() {
      stopped = true;
      await loop;
      await connection.close();
      if (failure !== undefined) throw failure;
    },
  };
}

describe('kubectl pause namespace against a real kube-apiserver', () => {
  beforeAll(async () => {
    await installCrd(
      cluster.endpoint,
      crdWithPolicy(GROUP, 'Gizmo', 'gizmos', {
        labelKey: LABEL,
        reasonAnnotation: REASON,
        untilAnnotation: UNTIL,
        conditionType: 'Paused',
        namespaceLabelKey: LABEL,
      }),
    );
    await installCrd(
      cluster.endpoint,
      crdWithPolicy(OTHER_GROUP, 'Doodad', 'doodads', {
        labelKey: `${OTHER_GROUP}/paused`,
        namespaceLabelKey: OTHER_LABEL,
      }),
    );
    for (const name of [NS1, NS2]) {
      await request('/api/v1/namespaces', 'POST', { metadata: { name } });
    }
    for (const [namespace, name] of [
      [NS1, 'g-1'],
      [NS1, 'g-2'],
      [NS2, 'g-3'],
    ] as const) {
      await request(gizmosPath(namespace), 'POST', {
        apiVersion: `${GROUP}/v1`,
        kind: 'Gizmo',
        metadata: { name },
        spec: {},
      });
    }
  });

  afterAll(async () => {
    for (const name of [NS1, NS2]) {
      await kubeRequest(cluster.endpoint, { path: `/api/v1/namespaces/${name}`, method: 'DELETE' });
    }
    // The second controller's namespace label would make the discovery of others ambiguous.
    await kubeRequest(cluster.endpoint, {
      path: `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/doodads.${OTHER_GROUP}`,
      method: 'DELETE',
    });
  });

  it('pauses a namespace: the label and the reason/until annotations on the Namespace', async () => {
    const result = await runFor('namespace', NS1, '--reason', 'db migration', '--until', '2h');
    expect(result.stderr).toContain('1 paused, 0 unchanged, 0 failed');
    expect(result.code).toBe(0);
    expect(result.stdout).toBe(`namespace/${NS1} paused\n`);
    const ns = await getNamespace(NS1);
    expect(ns.metadata?.labels?.[LABEL]).toBe('alice');
    expect(ns.metadata?.annotations?.[REASON]).toBe('db migration');
    expect(ns.metadata?.annotations?.[UNTIL]).toBe(UNTIL_2H);
    expect((await getNamespace(NS2)).metadata?.labels?.[LABEL]).toBeUndefined();

    const again = await runFor('ns', NS1, '--reason', 'db migration', '--by', 'bob');
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('0 paused, 1 unchanged, 0 failed');
    expect((await getNamespace(NS1)).metadata?.labels?.[LABEL]).toBe('alice');
  });

  it('shows the paused namespaces, and the objects paused by their namespace', async () => {
    const table = await runFor('status', 'namespaces');
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+PAUSED\s+BY\s+WHY\s+UNTIL$/);
    expect(lines.slice(1)).toEqual([
      expect.stringMatching(new RegExp(`^${NS1}\\s+yes\\s+alice\\s+db migration\\s+${UNTIL_2H}$`)),
    ]);

    const named = await runFor('status', 'ns', NS1, NS2, '-o', 'json');
    expect(named.code).toBe(0);
    expect(JSON.parse(named.stdout)).toEqual([
      {
        name: NS1,
        paused: true,
        state: 'paused',
        label: LABEL,
        by: 'alice',
        why: 'db migration',
        until: UNTIL_2H,
      },
      { name: NS2, paused: false, state: 'none', label: LABEL, by: null, why: null, until: null },
    ]);
    const yaml = await runFor('status', 'namespace', NS1, '-o', 'yaml');
    expect(parse(yaml.stdout)).toEqual([expect.objectContaining({ name: NS1, state: 'paused' })]);

    const objects = await run('status', 'gizmos', '-n', NS1);
    expect(objects.code).toBe(0);
    expect(objects.stdout).toMatch(
      new RegExp(
        `^g-1\\s+yes\\s+namespace/${NS1} \\(alice\\)\\s+-\\s+db migration\\s+${UNTIL_2H}\\s+no$`,
        'm',
      ),
    );
    const json = await run('status', 'gizmos', '-A', '-o', 'json');
    const rows = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
    expect(rows.find((r) => r.name === 'g-2')).toMatchObject({
      namespace: NS1,
      paused: true,
      by: 'alice',
      byNamespace: NS1,
      observed: false,
    });
    expect(rows.find((r) => r.name === 'g-3')).toMatchObject({
      namespace: NS2,
      paused: false,
      byNamespace: null,
    });
  });

  it('changes nothing with --dry-run', async () => {
    const resume = await runFor('resume', 'namespace', NS1, '--dry-run');
    expect(resume.code).toBe(0);
    expect(resume.stdout).toBe(
      `namespace/${NS1} would be resumed: -${LABEL} -${REASON} -${UNTIL} (dry run)\n`,
    );
    expect(resume.stderr).toContain('1 would be resumed, 0 unchanged, 0 failed');
    const pause = await runFor('namespace', NS2, '--reason', 'x', '--dry-run');
    expect(pause.stdout).toBe(
      `namespace/${NS2} would be paused: ${LABEL}="alice" ${REASON}="x" (dry run)\n`,
    );
    expect((await getNamespace(NS1)).metadata?.labels?.[LABEL]).toBe('alice');
    expect((await getNamespace(NS2)).metadata?.labels?.[LABEL]).toBeUndefined();
    expect((await getNamespace(NS2)).metadata?.annotations?.[REASON]).toBeUndefined();
  });

  it('exits 3 naming the objects when no controller confirms the namespace pause', async () => {
    const result = await runFor('namespace', NS1, '--wait=2s');
    expect(result.code).toBe(3);
    expect(result.stderr).toContain(
      `timed out after 2s waiting for the controllers to confirm the namespace pause of 2 object(s) (is a controller using pause with namespaceLabelKey ${LABEL} running for ${GIZMOS}?):\n  ${GIZMOS}/g-1 in namespace ${NS1}\n  ${GIZMOS}/g-2 in namespace ${NS1}\n`,
    );
  });

  it('waits until a controller has paused every object of the namespace, and resumed them', async () => {
    const controller = startGizmoController(NS1);
    try {
      const pause = await runFor('namespace', NS1, '--wait=60s');
      expect(pause.stderr).toContain('0 paused, 1 unchanged, 0 failed');
      expect(pause.code).toBe(0);
      expect(pause.stdout).toContain(`namespace/${NS1} confirmed by the controllers`);
      for (const gizmo of await gizmos(NS1)) {
        expect(pausedCondition(gizmo)).toMatchObject({
          status: 'True',
          reason: 'PausedByNamespace',
        });
      }
      const status = await run('status', 'gizmos', '-n', NS1, '-o', 'json');
      expect(JSON.parse(status.stdout)).toEqual([
        expect.objectContaining({ name: 'g-1', byNamespace: NS1, observed: true }),
        expect.objectContaining({ name: 'g-2', byNamespace: NS1, observed: true }),
      ]);

      const resume = await runFor('resume', 'namespace', NS1, '--wait=60s');
      expect(resume.stderr).toContain('1 resumed, 0 unchanged, 0 failed');
      expect(resume.code).toBe(0);
      expect(resume.stdout).toContain(`namespace/${NS1} confirmed by the controllers`);
    } finally {
      await controller.stop();
    }
    const ns = await getNamespace(NS1);
    expect(ns.metadata?.labels?.[LABEL]).toBeUndefined();
    expect(ns.metadata?.annotations?.[REASON]).toBeUndefined();
    expect(ns.metadata?.annotations?.[UNTIL]).toBeUndefined();
    for (const gizmo of await gizmos(NS1)) expect(pausedCondition(gizmo)).toBeUndefined();
    const none = await runFor('status', 'namespaces');
    expect(none.code).toBe(0);
    expect(none.stdout).toBe('');
    expect(none.stderr).toContain(`no namespaces carry the label ${LABEL}`);
  });

  it('resume --wait of an object whose Namespace is paused says so at once (exit 1), not a timeout', async () => {
    const controller = startGizmoController(NS1);
    try {
      expect((await runFor('namespace', NS1, '--wait=60s')).code).toBe(0);
      // Its own pause wins over the Namespace's while it lasts.
      const own = await run('gizmos', 'g-1', '-n', NS1, '--reason', 'own', '--wait=60s');
      expect(own.code).toBe(0);
      // (--wait returned at once: the object was already paused, by its Namespace)
      for (let i = 0; pausedCondition(await gizmo(NS1, 'g-1'))?.reason !== 'PausedByLabel'; i++) {
        if (i > 300) throw new Error('the controller did not switch g-1 to its own pause');
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      const resume = await run('resume', 'gizmos', 'g-1', '-n', NS1, '--wait=60s');
      expect(resume.stderr).toContain('1 resumed, 0 unchanged, 0 failed');
      expect(resume.stderr).toContain(
        'error: 1 object(s) stay paused by their Namespace (condition Paused reason PausedByNamespace); resume the Namespace to resume them',
      );
      expect(resume.stderr).toMatch(/\n {2}\S*g-1/);
      expect(resume.stderr).not.toContain('timed out');
      expect(resume.code).toBe(1); // not 3: it stopped waiting as soon as the Namespace held it
      expect(pausedCondition(await gizmo(NS1, 'g-1'))).toMatchObject({
        status: 'True',
        reason: 'PausedByNamespace',
      });
    } finally {
      await runFor('resume', 'namespace', NS1, '--wait=60s');
      await controller.stop();
    }
  });

  it('asks to pick a policy when controllers declare different namespace labels', async () => {
    const ambiguous = await run('status', 'namespaces');
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain('controllers declare different namespace labels');
    expect(ambiguous.stderr).toContain(`${LABEL} (${GIZMOS})`);
    expect(ambiguous.stderr).toContain(`${OTHER_LABEL} (doodads.${OTHER_GROUP})`);
    expect(ambiguous.stderr).toContain('pass --label-key KEY or --for TYPE[.group]');

    const byKey = await run('namespace', NS2, '--label-key', OTHER_LABEL);
    expect(byKey.code).toBe(0);
    expect((await getNamespace(NS2)).metadata?.labels?.[OTHER_LABEL]).toBe('alice');
    const shown = await run(
      'status',
      'namespaces',
      '--for',
      `doodads.${OTHER_GROUP}`,
      '-o',
      'json',
    );
    expect(JSON.parse(shown.stdout)).toEqual([expect.objectContaining({ name: NS2, by: 'alice' })]);
    expect((await run('resume', 'ns', NS2, '--label-key', OTHER_LABEL)).code).toBe(0);
    expect((await getNamespace(NS2)).metadata?.labels?.[OTHER_LABEL]).toBeUndefined();
  });

  it('lets a user who may not list CRDs pause namespaces with the policy flags', async () => {
    const user = 'limited-2';
    const role = `kubectl-pause-namespaces-${SUFFIX}`;
    await request('/apis/rbac.authorization.k8s.io/v1/clusterroles', 'POST', {
      metadata: { name: role },
      rules: [{ apiGroups: [''], resources: ['namespaces'], verbs: ['get', 'list', 'patch'] }],
    });
    await request('/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', 'POST', {
      metadata: { name: role },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: role },
      subjects: [{ kind: 'User', name: user, apiGroup: 'rbac.authorization.k8s.io' }],
    });
    try {
      const asUser = (...args: string[]) => run('--context', user, ...args);
      const denied = await asUser('status', 'namespaces');
      expect(denied.code).toBe(2);
      expect(denied.stderr).toContain(
        'forbidden: cannot list customresourcedefinitions.apiextensions.k8s.io at the cluster scope',
      );
      expect(denied.stderr).toContain('pass --label-key KEY');

      const flags = ['--label-key', LABEL, '--reason-annotation', REASON];
      const pause = await asUser('namespace', NS2, ...flags, '--reason', 'by flags');
      expect(pause.code).toBe(0);
      expect((await getNamespace(NS2)).metadata?.annotations?.[REASON]).toBe('by flags');
      const status = await asUser('status', 'namespaces', ...flags, '-o', 'json');
      expect(JSON.parse(status.stdout)).toEqual([
        expect.objectContaining({ name: NS2, by: 'alice', why: 'by flags' }),
      ]);
      const cannotWait = await asUser('namespace', NS2, ...flags, '--wait=1s');
      expect(cannotWait.code).toBe(1);
      expect(cannotWait.stderr).toContain('cannot wait: no resource type is known to declare');
      expect((await asUser('resume', 'namespace', NS2, ...flags)).code).toBe(0);
      const ns = await getNamespace(NS2);
      expect(ns.metadata?.labels?.[LABEL]).toBeUndefined();
      expect(ns.metadata?.annotations?.[REASON]).toBeUndefined();
    } finally {
      for (const kind of ['clusterrolebindings', 'clusterroles']) {
        await kubeRequest(cluster.endpoint, {
          path: `/apis/rbac.authorization.k8s.io/v1/${kind}/${role}`,
          method: 'DELETE',
        });
      }
    }
  });

  it('reports usage errors (exit 2) and a missing namespace (exit 1)', async () => {
    for (const args of [
      ['namespace'],
      ['resume', 'namespaces'],
      ['namespace', NS1, '-l', 'a=b'],
      ['gizmos', 'g-1', '--for', GIZMOS],
      ['namespace', NS1, '--for', 'sprockets'],
      ['namespace', NS1, '--for', `doodads.${OTHER_GROUP}`, '--reason', 'r'],
    ]) {
      const result = await run(...args);
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toMatch(/error/);
    }
    const missing = await runFor('namespace', `nope-${SUFFIX}`, NS2);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`namespace "nope-${SUFFIX}" not found`);
    expect(missing.stderr).toContain('1 paused, 0 unchanged, 1 failed');
    expect((await runFor('resume', 'namespace', NS2)).code).toBe(0);
  });
});
