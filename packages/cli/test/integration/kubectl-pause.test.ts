import { readFileSync } from 'node:fs';
import { KubeConfig } from '@kubernetes/client-node';
import type { KubeObject } from '@pause/core';
import { type CrdManifest, installCrd, kubeRequest } from '@pause/kube-harness';
import type {} from '@pause/kube-harness/vitest-global-setup';
import { connectRealCluster, type TestResource } from '@pause/real-cluster';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { startWidgetOperator } from '../../../../apps/demo-operator/src/cluster-mode.ts';
import { rfc3339 } from '../../src/duration.ts';
import { kubectlPause } from './helpers.ts';

const cluster = connectRealCluster();
const kube = cluster.info;
const NS = 'cli-e2e';
const WIDGETS = 'widgets.demo.pause.dev';
const LABEL = 'demo.pause.dev/paused';
const REASON = 'demo.pause.dev/pause-reason';
const UNTIL = 'demo.pause.dev/pause-until';
const COUNT = 50;
/** The CLI's clock: real time (the operator requeues at the until time, so it must be near). */
const NOW = new Date();
const UNTIL_2H = rfc3339(new Date(NOW.getTime() + 2 * 3_600_000));
const widgetsPath = `/apis/demo.pause.dev/v1alpha1/namespaces/${NS}/widgets`;
/** A type no controller watches. */
const GADGET: TestResource = {
  group: 'gadgets.cli.pause.test',
  version: 'v1',
  kind: 'Gadget',
  plural: 'gadgets',
  namespaced: true,
  conditions: 'free',
};

const kc = (...args: string[]) => ['--kubeconfig', kube.kubeconfigPath, '-n', NS, ...args];
const run = (...args: string[]) => kubectlPause(kc(...args), { now: () => NOW });

async function listWidgets(selector = 'batch=e2e'): Promise<KubeObject[]> {
  const response = await kubeRequest<{ items: KubeObject[] }>(cluster.endpoint, {
    path: `${widgetsPath}?labelSelector=${encodeURIComponent(selector)}`,
  });
  expect(response.status).toBe(200);
  return response.body.items;
}

async function create(path: string, body: object): Promise<void> {
  const response = await kubeRequest(cluster.endpoint, { path, body });
  if (response.status !== 201 && response.status !== 409) {
    throw new Error(`POST ${path}: HTTP ${response.status} ${response.text}`);
  }
}

describe('kubectl pause against a real kube-apiserver with the demo operator running', () => {
  let operator: Awaited<ReturnType<typeof startWidgetOperator>>;
  const timings: Record<string, number> = {};

  beforeAll(async () => {
    const crd = parse(
      readFileSync(
        new URL('../../../../apps/demo-operator/deploy/crd.yaml', import.meta.url),
        'utf8',
      ),
    ) as CrdManifest;
    await installCrd(cluster.endpoint, crd);
    await cluster.ensureCrd(GADGET);
    await cluster.ensureNamespace(NS);
    const kubeConfig = new KubeConfig();
    kubeConfig.loadFromOptions(kube.kubeConfig);
    operator = await startWidgetOperator({
      kubeConfig,
      namespace: NS,
      ownerId: 'widget-operator-cli',
      log: () => {},
    });
    for (let i = 0; i < COUNT; i++) {
      await create(widgetsPath, {
        apiVersion: 'demo.pause.dev/v1alpha1',
        kind: 'Widget',
        metadata: { name: `w-${String(i).padStart(2, '0')}`, labels: { batch: 'e2e' } },
        spec: { replicas: 1 },
      });
    }
    await create(`/apis/${GADGET.group}/v1/namespaces/${NS}/gadgets`, {
      apiVersion: `${GADGET.group}/v1`,
      kind: 'Gadget',
      metadata: { name: 'g-1' },
      spec: {},
    });
  });

  afterAll(async () => {
    await operator?.stop();
    console.log(`[kubectl-pause e2e] ${JSON.stringify(timings)}`);
  });

  it(`pauses ${COUNT} widgets by selector with a reason and an until, waiting for the operator`, async () => {
    const result = await run(
      'widgets',
      '-l',
      'batch=e2e',
      '--reason',
      'incident 4711',
      '--until',
      '2h',
      '--wait',
    );
    timings.pauseWaitMs = Math.round(result.ms);
    expect(result.stderr).toContain(`${COUNT} paused, 0 unchanged, 0 failed`);
    expect(result.code).toBe(0);
    expect(result.stdout.match(/ paused$/gm)).toHaveLength(COUNT);
    expect(result.stdout.match(/confirmed by the controller$/gm)?.length ?? 0).toBeLessThanOrEqual(
      COUNT,
    );
    for (const widget of await listWidgets()) {
      expect(widget.metadata?.labels?.[LABEL]).toBe('alice');
      const managers = (widget.metadata as { managedFields?: Array<{ manager: string }> })
        .managedFields;
      expect(managers?.map((m) => m.manager)).toContain('kubectl-pause');
      expect(widget.metadata?.annotations?.[REASON]).toBe('incident 4711');
      expect(widget.metadata?.annotations?.[UNTIL]).toBe(UNTIL_2H);
      const paused = (
        widget.status as { conditions?: Array<Record<string, unknown>> }
      ).conditions?.find((c) => c.type === 'Paused');
      expect(paused).toMatchObject({
        status: 'True',
        reason: 'PausedByLabel',
        observedGeneration: widget.metadata?.generation,
      });
    }
  });

  it('shows them paused: a table and -o json / -o yaml', async () => {
    const table = await run('status', 'widgets', '-l', 'batch=e2e');
    expect(table.code).toBe(0);
    const lines = table.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^NAME\s+PAUSED\s+BY\s+SINCE\s+WHY\s+UNTIL\s+OBSERVED$/);
    expect(lines).toHaveLength(COUNT + 1);
    expect(lines[1]).toMatch(
      /^w-00\s+yes\s+alice\s+\d{4}-\d\d-\d\dT[\d:]+Z\s+incident 4711\s+\S+Z\s+yes$/,
    );

    const json = await run('status', 'widget', '-l', 'batch=e2e', '-o', 'json');
    expect(json.code).toBe(0);
    const rows = JSON.parse(json.stdout) as Array<Record<string, unknown>>;
    expect(rows).toHaveLength(COUNT);
    for (const row of rows) {
      expect(row).toMatchObject({
        namespace: NS,
        paused: true,
        by: 'alice',
        byController: false,
        why: 'incident 4711',
        until: UNTIL_2H,
        observed: true,
      });
      expect(row.since).toEqual(expect.any(String));
    }

    const yaml = await run('status', 'Widget.demo.pause.dev', 'w-07', '-o', 'yaml');
    expect(yaml.code).toBe(0);
    expect(parse(yaml.stdout)).toEqual([expect.objectContaining({ name: 'w-07', paused: true })]);

    const wide = await kubectlPause([
      '--kubeconfig',
      kube.kubeconfigPath,
      'status',
      'widgets',
      '-A',
      '-l',
      'batch=e2e',
    ]);
    expect(wide.stdout.split('\n')[0]).toMatch(/^NAMESPACE\s+NAME\s+PAUSED/);
    expect(wide.stdout).toMatch(new RegExp(`^${NS}\\s+w-49\\s+yes\\s`, 'm'));
  });

  it('leaves paused widgets unchanged when paused again, and --dry-run changes nothing', async () => {
    const again = await run('widgets', 'w-01', 'w-02', '--reason', 'incident 4711');
    expect(again.code).toBe(0);
    expect(again.stderr).toContain('0 paused, 2 unchanged, 0 failed');

    const dry = await run('resume', 'widgets', 'w-03', '--dry-run');
    expect(dry.code).toBe(0);
    expect(dry.stdout).toContain(`${WIDGETS}/w-03 would be resumed: -${LABEL}`);
    const [w03] = await listWidgets('batch=e2e');
    expect(w03?.metadata?.labels?.[LABEL]).toBe('alice');
  });

  it(`resumes the ${COUNT} widgets and waits until the operator has dropped the condition`, async () => {
    const result = await run('resume', 'widgets', '-l', 'batch=e2e', '--wait=60s');
    timings.resumeWaitMs = Math.round(result.ms);
    expect(result.stderr).toContain(`${COUNT} resumed, 0 unchanged, 0 failed`);
    expect(result.code).toBe(0);
    for (const widget of await listWidgets()) {
      expect(widget.metadata?.labels?.[LABEL]).toBeUndefined();
      expect(widget.metadata?.annotations?.[REASON]).toBeUndefined();
      expect(widget.metadata?.annotations?.[UNTIL]).toBeUndefined();
      const conditions = (widget.status as { conditions?: Array<{ type: string }> }).conditions;
      expect(conditions?.some((c) => c.type === 'Paused')).toBe(false);
    }
    const json = await run('status', 'WIDGET', '-l', 'batch=e2e', '-o', 'json');
    expect((JSON.parse(json.stdout) as Array<{ paused: boolean }>).every((r) => !r.paused)).toBe(
      true,
    );
  });

  it('says when a type is unknown, a selector invalid, nothing matches or a name is missing', async () => {
    const unknown = await run('status', 'sprockets');
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain(`the server doesn't have a resource type "sprockets"`);

    const invalid = await run('widgets', '-l', 'batch in (e2e');
    expect(invalid.code).toBe(1);
    expect(invalid.stderr).toMatch(
      /invalid selector "batch in \(e2e": .*unable to parse requirement/i,
    );

    const none = await run('widgets', '-l', 'batch=nothing');
    expect(none.code).toBe(1);
    expect(none.stderr).toContain(
      `no ${WIDGETS} found in namespace ${NS} matching "batch=nothing"`,
    );

    const missing = await run('widgets', 'w-00', 'nope');
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain(`${WIDGETS} "nope" not found in namespace ${NS}`);
    expect(missing.stderr).toContain('1 paused, 0 unchanged, 1 failed');
    expect((await run('resume', 'widgets', 'w-00')).code).toBe(0);
  });

  it('exits 2 on usage errors and when no policy is declared or given', async () => {
    for (const args of [
      ['widgets'],
      ['widgets', 'a', '-l', 'x=y'],
      ['widgets', 'a', '--until', 'tomorrow'],
      ['widgets', 'a', '--wait=soon'],
      ['widgets', 'a', '--frobnicate'],
      ['status', 'widgets', '-o', 'xml'],
    ]) {
      const result = await run(...args);
      expect({ args, code: result.code }).toEqual({ args, code: 2 });
      expect(result.stderr).toMatch(/error/);
    }
    const noPolicy = await run('gadgets', 'g-1');
    expect(noPolicy.code).toBe(2);
    expect(noPolicy.stderr).toContain('pass --label-key KEY');
    const noReasonKey = await run('gadgets', 'g-1', '--label-key', 'x.io/paused', '--reason', 'r');
    expect(noReasonKey.code).toBe(2);
    expect(noReasonKey.stderr).toContain('--reason needs --reason-annotation');
  });

  it('exits 3 naming the objects when no controller confirms', async () => {
    const result = await run(
      'gadgets',
      'g-1',
      '--label-key',
      'x.io/paused',
      '--reason-annotation',
      'x.io/why',
      '--reason',
      'nobody listens',
      '--wait=5s',
    );
    expect(result.code).toBe(3);
    expect(result.stdout).toContain(`gadgets.${GADGET.group}/g-1 paused`);
    expect(result.stderr).toContain(
      `timed out after 5s waiting for the controller to confirm the pause (condition Paused) of 1 object(s) (is a controller using pause running for gadgets.${GADGET.group}?):\n  gadgets.${GADGET.group}/g-1\n`,
    );
    const status = await run('status', 'gadgets', '--label-key', 'x.io/paused', '-o', 'json');
    expect(JSON.parse(status.stdout)).toEqual([
      expect.objectContaining({ name: 'g-1', paused: true, observed: false }),
    ]);
    const resume = await run(
      'resume',
      'gadgets',
      'g-1',
      '--label-key',
      'x.io/paused',
      '--reason-annotation',
      'x.io/why',
    );
    expect(resume.code).toBe(0);
    expect(resume.stdout).toContain(`gadgets.${GADGET.group}/g-1 resumed`);
  });

  it('lets a read-only user see the status but not pause: forbidden names patch and the resource', async () => {
    const user = 'limited-1';
    await create(`/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/roles`, {
      metadata: { name: 'widget-reader' },
      rules: [
        { apiGroups: ['demo.pause.dev'], resources: ['widgets'], verbs: ['get', 'list', 'watch'] },
      ],
    });
    await create(`/apis/rbac.authorization.k8s.io/v1/namespaces/${NS}/rolebindings`, {
      metadata: { name: 'widget-reader' },
      roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'widget-reader' },
      subjects: [{ kind: 'User', name: user, apiGroup: 'rbac.authorization.k8s.io' }],
    });
    const asUser = (...args: string[]) => run('--context', user, ...args);

    const crdDenied = await asUser('status', 'widgets', '-l', 'batch=e2e');
    expect(crdDenied.code).toBe(2);
    expect(crdDenied.stderr).toContain(
      'forbidden: cannot get customresourcedefinitions.apiextensions.k8s.io at the cluster scope',
    );
    expect(crdDenied.stderr).toContain('--label-key');

    const status = await asUser('status', 'widgets', '-l', 'batch=e2e', '--label-key', LABEL);
    expect(status.code).toBe(0);
    expect(status.stdout.trimEnd().split('\n')).toHaveLength(COUNT + 1);

    const pause = await asUser('widgets', 'w-05', '--label-key', LABEL);
    expect(pause.code).toBe(1);
    expect(pause.stderr).toContain(`forbidden: cannot patch ${WIDGETS} in namespace ${NS}`);
    expect(pause.stderr).toContain('0 paused, 0 unchanged, 1 failed');
  });

  // Last: it makes "widgets" ambiguous for the rest of the run.
  it('lists the candidates when a type name is ambiguous', async () => {
    await cluster.ensureCrd({
      ...GADGET,
      group: 'widgets.cli.pause.test',
      kind: 'Widget',
      plural: 'widgets',
    });
    const ambiguous = await run('status', 'widgets');
    expect(ambiguous.code).toBe(1);
    expect(ambiguous.stderr).toContain(
      'resource type "widgets" is ambiguous: it matches widgets.demo.pause.dev, widgets.widgets.cli.pause.test; name one as TYPE.group',
    );
    const qualified = await run('status', 'widgets.demo.pause.dev', 'w-00', '-o', 'json');
    expect(qualified.code).toBe(0);
    expect(JSON.parse(qualified.stdout)).toEqual([expect.objectContaining({ name: 'w-00' })]);
  });
});
