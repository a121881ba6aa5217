/**
 * Reliability (issue 13): throttling at the controller level. The fault proxy between the
 * controller and the real API server answers the `Paused` condition write with 429 / 503 and a
 * `Retry-After`: the next attempt must wait at least that long (measured at the proxy, between
 * the arrivals of the two requests). Without `Retry-After` the waits follow the exponential
 * backoff (lower bounds checked; the figures are recorded).
 */
import type { ObjectRef } from '@pause/core';
import { refOf } from '@pause/core/adapter';
import {
  type AdapterProxy,
  connectRealCluster,
  createTestObjects,
  type TestObjects,
  waitFor,
} from '@pause/real-cluster';
import { afterEach, describe, expect, it } from 'vitest';
import { createPausableController, type PausableController } from '../../src/index.ts';
import {
  gaps,
  LABEL,
  type LoggedRequest,
  logRequests,
  pausedStatus,
  report,
  scale,
  statusPatches,
} from '../reliability/support.ts';
import { kubeConfigOf, testResource } from './cluster.ts';

const NAMESPACE = 'pause-reliability-throttle';
const cluster = connectRealCluster();
const resource = testResource('free', true);
const BACKOFF = { baseMs: 200, maxMs: 30_000, jitter: 0.2 };

describe('reliability: 429 / 503 with Retry-After between the controller and the server', () => {
  let objects: TestObjects | undefined;
  let proxy: AdapterProxy | undefined;
  let controller: PausableController | undefined;

  afterEach(async () => {
    await controller?.stop();
    await objects?.cleanup();
    await proxy?.close();
    controller = undefined;
    objects = undefined;
    proxy = undefined;
  });

  async function setUp(): Promise<{ h: TestObjects; log: LoggedRequest[]; errors: unknown[] }> {
    objects = await createTestObjects({ cluster, resource, namespace: NAMESPACE });
    proxy = await cluster.startFaultProxy();
    const log = logRequests(proxy);
    const errors: unknown[] = [];
    controller = createPausableController({
      kubeConfig: kubeConfigOf(proxy.kubeConfig),
      resource,
      pause: { labelKey: LABEL },
      namespace: NAMESPACE,
      backoff: BACKOFF,
      onError: (_key, error) => errors.push(error),
      reconcile: async () => undefined,
    });
    await controller.start();
    return { h: objects, log, errors };
  }

  const statusOf = (ref: ObjectRef) => ({
    method: 'PATCH',
    path: new RegExp(`/${ref.name}/status$`),
  });

  it('waits at least Retry-After after a 429, and after each of two 503s', async () => {
    const { h, log, errors } = await setUp();
    const ref = refOf(await h.createObject());
    (proxy as AdapterProxy).failNext(statusOf(ref), {
      kind: 'status',
      statusCode: 429,
      retryAfterSeconds: 2,
    });
    (proxy as AdapterProxy).failNext(
      statusOf(ref),
      { kind: 'status', statusCode: 503, retryAfterSeconds: 3 },
      2,
    );
    await h.patchMetadata(ref, { labels: { [LABEL]: 'throttled' } });
    await waitFor(
      'Paused=True after the throttling',
      async () => pausedStatus(await h.getObject(ref)) === 'True',
      60_000,
    );
    const attempts = statusPatches(log, ref);
    expect(attempts.length).toBe(4); // 429, 503, 503, then the write that lands
    const [afterTooMany, afterFirst503, afterSecond503] = gaps(attempts) as [
      number,
      number,
      number,
    ];
    // Timers never fire early; 5 ms of slack for the clocks of two event loops.
    expect(afterTooMany).toBeGreaterThanOrEqual(2_000 - 5);
    expect(afterFirst503).toBeGreaterThanOrEqual(3_000 - 5);
    expect(afterSecond503).toBeGreaterThanOrEqual(3_000 - 5);
    expect(errors.length).toBe(3); // one report per failed attempt
    report('retry-after', {
      gapsMs: gaps(attempts).map(Math.round),
      retryAfterSeconds: [2, 3, 3],
      errorsReported: errors.length,
    });
  });

  it('without Retry-After, backs off exponentially (never faster than the backoff promises)', async () => {
    const { h, log } = await setUp();
    const ref = refOf(await h.createObject());
    const failures = scale(5, 8);
    (proxy as AdapterProxy).failNext(statusOf(ref), { kind: 'status', statusCode: 503 }, failures);
    await h.patchMetadata(ref, { labels: { [LABEL]: 'unavailable' } });
    await waitFor(
      'Paused=True after the 503s',
      async () => pausedStatus(await h.getObject(ref)) === 'True',
      90_000,
    );
    const attempts = statusPatches(log, ref);
    expect(attempts.length).toBe(failures + 1);
    const waits = gaps(attempts);
    waits.forEach((wait, i) => {
      const promised = BACKOFF.baseMs * 2 ** i * (1 - BACKOFF.jitter);
      expect(wait, `wait ${i + 1}`).toBeGreaterThanOrEqual(promised - 5);
    });
    // A fixed-rate retry at baseMs would have made ~ (total / baseMs) attempts.
    const totalMs = (attempts.at(-1)?.at ?? 0) - (attempts[0]?.at ?? 0);
    report('503-no-retry-after', {
      attempts: attempts.length,
      gapsMs: waits.map(Math.round),
      totalMs: Math.round(totalMs),
      fixedRateAttemptsInSameTime: Math.floor(totalMs / BACKOFF.baseMs),
    });
  });
});
