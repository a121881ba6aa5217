import { refOf } from '@pause/core/adapter';
import {
  connectRealCluster,
  createTestObjects,
  type TestObjects,
  waitFor,
} from '@pause/real-cluster';
import { afterAll, describe, expect, it } from 'vitest';
import {
  type ControllerEndpoints,
  createPausableController,
  type PausableController,
  serveControllerEndpoints,
} from '../../src/index.ts';
import { createControllerMetrics } from '../../src/metrics-prom.ts';
import { kubeConfigOf, testResource } from './cluster.ts';
import { get, seriesValue } from './scrape.ts';

const LABEL = 'pause.test/paused';
const NAMESPACE = 'pause-metrics';
const LEASE = { leaseDurationMs: 3_000, renewDeadlineMs: 2_000, retryPeriodMs: 500 };
const cluster = connectRealCluster();
const resource = testResource('free', true);
const r = `resource="${resource.plural}.${resource.group}"`;

describe('metrics, /healthz and /readyz of a controller, against a real kube-apiserver', () => {
  let objects: TestObjects | undefined;
  const controllers: PausableController[] = [];
  const servers: ControllerEndpoints[] = [];
  let release: () => void = () => undefined;

  afterAll(async () => {
    release();
    for (const controller of controllers) await controller.stop();
    for (const server of servers) await server.close();
    await objects?.cleanup();
  });

  it('moves the scraped series as objects are reconciled, paused and resumed; readyz follows start and stop; a standby is ready', async () => {
    objects = await createTestObjects({ cluster, resource, namespace: NAMESPACE });
    const h = objects;
    const leaseName = `metrics-${Date.now()}`;
    const blocking = refOf(await h.createObject({ labels: { role: 'blocking' } }));
    const plain = refOf(await h.createObject());
    let releaseBlocked: () => void = () => undefined;
    const blocked = new Promise<void>((resolve) => {
      releaseBlocked = resolve;
    });
    let blockNow = false;
    let blockingStarted = false;
    release = releaseBlocked;

    const replica = (identity: string) => {
      const metrics = createControllerMetrics({ resource: `${resource.plural}.${resource.group}` });
      const controller = createPausableController({
        kubeConfig: kubeConfigOf(cluster.info.kubeConfig),
        resource,
        pause: { labelKey: LABEL },
        namespace: NAMESPACE,
        leaderElection: { identity, leaseName, leaseNamespace: NAMESPACE, ...LEASE },
        metrics: metrics.hooks,
        reconcile: async (object) => {
          // Ignores its signal while `blockNow`: keeps stop() waiting until released.
          if (blockNow && object.metadata?.name === blocking.name) {
            blockingStarted = true;
            await blocked;
          }
        },
      });
      controllers.push(controller);
      return { controller, registry: metrics.registry };
    };

    // 1. The leader: not ready before start() resolved, ready after.
    const a = replica('a');
    const endpoints = await serveControllerEndpoints({
      controller: a.controller,
      registry: a.registry,
      host: '127.0.0.1',
      port: 0,
    });
    servers.push(endpoints);
    const scrape = async () => (await get(`${endpoints.url}/metrics`)).text;
    expect((await get(`${endpoints.url}/healthz`)).status).toBe(200);
    expect((await get(`${endpoints.url}/readyz`)).status).toBe(503);
    const starting = a.controller.start();
    expect(a.controller.state).toBe('starting');
    await starting;
    expect((await get(`${endpoints.url}/readyz`)).status).toBe(200);
    await waitFor(
      'the leader gauge at 1',
      async () => seriesValue(await scrape(), `pause_leader{${r}}`) === 1,
    );
    await waitFor(
      'both objects reconciled',
      async () =>
        (seriesValue(await scrape(), `pause_reconciles_total{${r},result="success"}`) ?? 0) >= 2,
    );
    let text = await scrape();
    expect(seriesValue(text, `pause_work_queue_depth{${r}}`)).toBeGreaterThanOrEqual(0);
    expect(seriesValue(text, `pause_paused_objects{${r}}`)).toBe(0);
    expect(
      seriesValue(text, `pause_reconcile_duration_seconds_count{${r},result="success"}`),
    ).toBeGreaterThanOrEqual(2);
    expect(seriesValue(text, `pause_informer_restarts_total{${r}}`)).toBe(0);

    // 2. A standby replica on the same Lease: ready, not leading, sees no pauses.
    const b = replica('b');
    const standby = await serveControllerEndpoints({
      controller: b.controller,
      registry: b.registry,
      host: '127.0.0.1',
      port: 0,
    });
    servers.push(standby);
    await b.controller.start();
    expect((await get(`${standby.url}/readyz`)).status).toBe(200);
    expect(seriesValue((await get(`${standby.url}/metrics`)).text, `pause_leader{${r}}`)).toBe(0);

    // 3. Pause, then resume: the gauge, the transitions and the pause duration move.
    await h.patchMetadata(plain, { labels: { [LABEL]: 'maintenance' } });
    await waitFor(
      'the paused gauge at 1',
      async () => seriesValue(await scrape(), `pause_paused_objects{${r}}`) === 1,
    );
    text = await scrape();
    expect(seriesValue(text, `pause_transitions_total{${r},reason="Paused"}`)).toBe(1);
    expect(seriesValue(text, `pause_oldest_pause_age_seconds{${r}}`)).toBeGreaterThanOrEqual(0);
    await h.patchMetadata(plain, { labels: { [LABEL]: null } });
    await waitFor(
      'the paused gauge back at 0',
      async () => seriesValue(await scrape(), `pause_paused_objects{${r}}`) === 0,
    );
    text = await scrape();
    expect(seriesValue(text, `pause_transitions_total{${r},reason="Resumed"}`)).toBe(1);
    expect(seriesValue(text, `pause_pause_duration_seconds_count{${r}}`)).toBe(1);
    expect(seriesValue(text, `pause_oldest_pause_age_seconds{${r}}`)).toBe(0);
    expect(
      seriesValue(
        (await get(`${standby.url}/metrics`)).text,
        `pause_transitions_total{${r},reason="Paused"}`,
      ),
    ).toBe(0);

    // 4. stop() waits for a reconcile that ignores its signal: not ready while it waits.
    blockNow = true;
    const reconcilesBefore =
      seriesValue(await scrape(), `pause_reconciles_total{${r},result="success"}`) ?? 0;
    await h.patchSpec(blocking, { size: 2 });
    await waitFor('the blocking reconcile running', () => blockingStarted);
    expect(reconcilesBefore).toBeGreaterThan(0);
    const stopping = a.controller.stop({ timeoutMs: 60_000 });
    expect(a.controller.state).toBe('stopping');
    expect((await get(`${endpoints.url}/readyz`)).status).toBe(503);
    expect((await get(`${endpoints.url}/healthz`)).status).toBe(200);
    releaseBlocked();
    expect(await stopping).toEqual({ unfinished: [] });
    expect((await get(`${endpoints.url}/readyz`)).status).toBe(503);
    expect((await get(`${endpoints.url}/healthz`)).status).toBe(503);

    // The standby takes over the released Lease.
    await waitFor(
      'the standby leading',
      async () =>
        seriesValue((await get(`${standby.url}/metrics`)).text, `pause_leader{${r}}`) === 1,
    );
  });
});
