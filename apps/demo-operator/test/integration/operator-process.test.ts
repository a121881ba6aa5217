import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import {
  CoordinationV1Api,
  CustomObjectsApi,
  KubeConfig,
  PatchStrategy,
  setHeaderOptions,
} from '@kubernetes/client-node';
import { eventually } from '@pause/kube-harness';
import type {} from '@pause/kube-harness/vitest-global-setup';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { PAUSE_LABEL } from '../../src/pause-policy.ts';
import { WIDGET } from '../../src/widget.ts';
import { ensureNamespace, ensureWidgetCrd } from './widget-cluster.ts';

const kube = inject('kube');
if (!kube.available) throw new Error(kube.reason);

const NS = 'demo-operator-process';
const MAIN = fileURLToPath(new URL('../../src/main.ts', import.meta.url));
const merge = setHeaderOptions('Content-Type', PatchStrategy.MergePatch);
const r = 'resource="widgets.demo.pause.dev"';

/** The value of one series of a `/metrics` text (`undefined`: none). */
function seriesValue(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

/** Polls `probe` every 50 ms until it returns `true`. */
const until = (what: string, probe: () => Promise<boolean> | boolean) =>
  eventually(what, async () => ((await probe()) ? true : undefined), 30_000, 50);

describe('the demo operator as a process: metrics, probes and SIGTERM', () => {
  const kc = new KubeConfig();
  kc.loadFromOptions(kube.kubeConfig);
  const objects = kc.makeApiClient(CustomObjectsApi);
  const leases = kc.makeApiClient(CoordinationV1Api);
  const lines: Array<Record<string, unknown>> = [];
  let child: ChildProcess | undefined;

  const patchLabels = (name: string, labels: Record<string, string | null>) =>
    objects.patchNamespacedCustomObject(
      {
        group: WIDGET.group,
        version: WIDGET.version,
        namespace: NS,
        plural: WIDGET.plural,
        name,
        body: { metadata: { labels } },
      },
      merge,
    );

  beforeAll(async () => {
    await ensureWidgetCrd(kc);
    await ensureNamespace(kc, NS);
  });

  afterAll(() => {
    if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      process.kill(child.pid, 'SIGKILL');
    }
  });

  it('serves /readyz and /metrics that follow a pause and a resume, and exits 0 on SIGTERM with the Lease released', async () => {
    const leaseName = `widget-operator-${Date.now()}`;
    child = spawn(
      process.execPath,
      [
        '--conditions=dev-source',
        MAIN,
        '--kubeconfig',
        kube.kubeconfigPath,
        '--namespace',
        NS,
        '--http-address',
        '127.0.0.1:0',
        '--leader-elect',
        '--leader-election-namespace',
        NS,
        '--lease-name',
        leaseName,
        '--shutdown-timeout-ms',
        '5000',
      ],
      { env: { ...process.env, POD_NAME: 'demo-it' }, stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const exited = new Promise<number | null>((resolve) => child?.once('exit', resolve));
    let buffered = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      buffered += chunk.toString();
      const complete = buffered.split('\n');
      buffered = complete.pop() ?? '';
      for (const line of complete) lines.push(JSON.parse(line) as Record<string, unknown>);
    });
    const address = await eventually(
      'the serving line',
      async () => lines.find((l) => l.msg === 'serving')?.address as string | undefined,
    );
    expect(address).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const scrape = async () => (await fetch(`${address}/metrics`)).text();
    const readyz = async () => (await fetch(`${address}/readyz`)).status;

    await until('/readyz 200', async () => (await readyz()) === 200);
    expect((await fetch(`${address}/healthz`)).status).toBe(200);
    await until(
      'the leader gauge at 1',
      async () => seriesValue(await scrape(), `pause_leader{${r}}`) === 1,
    );

    await objects.createNamespacedCustomObject({
      group: WIDGET.group,
      version: WIDGET.version,
      namespace: NS,
      plural: WIDGET.plural,
      body: {
        apiVersion: WIDGET.apiVersion,
        kind: WIDGET.kind,
        metadata: { name: 'metered' },
        spec: { replicas: 2 },
      },
    });
    await until(
      'a successful reconcile counted',
      async () =>
        (seriesValue(await scrape(), `pause_reconciles_total{${r},result="success"}`) ?? 0) >= 1,
    );

    await patchLabels('metered', { [PAUSE_LABEL]: 'alice' });
    await until(
      'the paused gauge at 1',
      async () => seriesValue(await scrape(), `pause_paused_objects{${r}}`) === 1,
    );
    let text = await scrape();
    expect(seriesValue(text, `pause_transitions_total{${r},reason="Paused"}`)).toBe(1);
    expect(seriesValue(text, `pause_work_queue_depth{${r}}`)).toBeGreaterThanOrEqual(0);
    expect(await readyz()).toBe(200);

    await patchLabels('metered', { [PAUSE_LABEL]: null });
    await until(
      'the paused gauge back at 0',
      async () => seriesValue(await scrape(), `pause_paused_objects{${r}}`) === 0,
    );
    text = await scrape();
    expect(seriesValue(text, `pause_transitions_total{${r},reason="Resumed"}`)).toBe(1);
    expect(seriesValue(text, `pause_pause_duration_seconds_count{${r}}`)).toBe(1);

    const lease = await leases.readNamespacedLease({ name: leaseName, namespace: NS });
    expect(lease.spec?.holderIdentity).toBe('demo-it');

    const signalledAt = performance.now();
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    console.log(
      `demo operator exit after SIGTERM: ${Math.round(performance.now() - signalledAt)} ms`,
    );
    const released = await leases.readNamespacedLease({ name: leaseName, namespace: NS });
    expect(released.spec?.holderIdentity ?? '').toBe('');
    expect(lines.map((l) => l.msg)).toEqual(expect.arrayContaining(['stopping', 'stopped']));
    expect(lines.find((l) => l.msg === 'stopped')).toMatchObject({ unfinished: [] });
    expect(lines.filter((l) => l.level === 'error')).toEqual([]);
  });
});
