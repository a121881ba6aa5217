import type { PauseOutcomeSample } from '@pause/core/adapter';
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { ControllerState, ControllerStatus } from '../controller-status.ts';
import { createControllerMetrics } from './controller-metrics.ts';

const RESOURCE = 'widgets.example.com';

/** The value of one series of the exposition text (`undefined`: no such series). */
function sample(text: string, series: string): number | undefined {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

const r = `resource="${RESOURCE}"`;
const stop = (
  key: string,
  pausedSinceMs?: number,
  transitions: PauseOutcomeSample['transitions'] = [],
) =>
  ({
    key,
    action: 'stop',
    transitions,
    ...(pausedSinceMs === undefined ? {} : { pausedSinceMs }),
  }) satisfies PauseOutcomeSample;

describe('createControllerMetrics', () => {
  it('counts paused objects, transitions by reason, and the oldest pause age at scrape time', async () => {
    let clock = 1_000_000;
    const { registry, hooks } = createControllerMetrics({ resource: RESOURCE, now: () => clock });
    let text = await registry.metrics();
    expect(sample(text, `pause_paused_objects{${r}}`)).toBe(0);
    expect(sample(text, `pause_oldest_pause_age_seconds{${r}}`)).toBe(0);
    expect(sample(text, `pause_transitions_total{${r},reason="Resumed"}`)).toBe(0);

    hooks.onOutcome?.(stop('ns/a', clock - 60_000, ['Paused']));
    hooks.onOutcome?.(stop('ns/b', undefined, ['PausedByController']));
    hooks.onOutcome?.(stop('ns/a', clock - 60_000)); // a later pass: no transition
    clock += 30_000;
    text = await registry.metrics();
    expect(sample(text, `pause_paused_objects{${r}}`)).toBe(2);
    expect(sample(text, `pause_oldest_pause_age_seconds{${r}}`)).toBe(90);
    expect(sample(text, `pause_transitions_total{${r},reason="Paused"}`)).toBe(1);
    expect(sample(text, `pause_transitions_total{${r},reason="PausedByController"}`)).toBe(1);

    hooks.onOutcome?.({ key: 'ns/a', action: 'continue', transitions: ['Resumed'] });
    hooks.onForget?.('ns/b');
    text = await registry.metrics();
    expect(sample(text, `pause_paused_objects{${r}}`)).toBe(0);
    expect(sample(text, `pause_transitions_total{${r},reason="Resumed"}`)).toBe(1);
    expect(sample(text, `pause_pause_duration_seconds_count{${r}}`)).toBe(1);
    expect(sample(text, `pause_pause_duration_seconds_sum{${r}}`)).toBe(90);
    expect(sample(text, `pause_pause_duration_seconds_bucket{le="60",${r}}`)).toBe(0);
    expect(sample(text, `pause_pause_duration_seconds_bucket{le="300",${r}}`)).toBe(1);
  });

  it('counts reconciles by result, errors by stage, informer restarts; reads queue depth and leadership from the controller', async () => {
    const registry = new Registry();
    const { hooks } = createControllerMetrics({ resource: RESOURCE, registry, prefix: 'w_' });
    let text = await registry.metrics();
    expect(sample(text, `w_leader{${r}}`)).toBe(0);
    expect(sample(text, `w_work_queue_depth{${r}}`)).toBe(0);

    const status: { -readonly [K in keyof ControllerStatus]: ControllerStatus[K] } = {
      state: 'running' as ControllerState,
      isLeader: true,
      queueDepth: 7,
    };
    hooks.attach?.(status);
    hooks.onReconcile?.({ key: 'ns/a', result: 'success', durationMs: 20 });
    hooks.onReconcile?.({ key: 'ns/a', result: 'error', durationMs: 5 });
    hooks.onReconcile?.({ key: 'ns/b', result: 'aborted', durationMs: 1500 });
    hooks.onOutcome?.({ key: 'ns/c', action: 'requeue', transitions: [] });
    hooks.onInformerRestart?.(new Error('reset'), 500);
    text = await registry.metrics();
    expect(sample(text, `w_leader{${r}}`)).toBe(1);
    expect(sample(text, `w_work_queue_depth{${r}}`)).toBe(7);
    expect(sample(text, `w_reconciles_total{${r},result="success"}`)).toBe(1);
    expect(sample(text, `w_reconciles_total{${r},result="error"}`)).toBe(1);
    expect(sample(text, `w_reconciles_total{${r},result="aborted"}`)).toBe(1);
    expect(sample(text, `w_reconcile_duration_seconds_count{${r},result="aborted"}`)).toBe(1);
    expect(sample(text, `w_reconcile_duration_seconds_sum{${r},result="aborted"}`)).toBe(1.5);
    expect(sample(text, `w_errors_total{${r},stage="reconcile"}`)).toBe(1);
    expect(sample(text, `w_errors_total{${r},stage="pause"}`)).toBe(1);
    expect(sample(text, `w_informer_restarts_total{${r}}`)).toBe(1);

    status.isLeader = false;
    status.queueDepth = 0;
    text = await registry.metrics();
    expect(sample(text, `w_leader{${r}}`)).toBe(0);
    expect(sample(text, `w_work_queue_depth{${r}}`)).toBe(0);
  });

  it('forgets the paused objects when this replica stops leading', async () => {
    const { registry, hooks } = createControllerMetrics({ resource: RESOURCE });
    hooks.onOutcome?.(stop('ns/a', Date.now()));
    hooks.onLeaderChange?.(false);
    expect(sample(await registry.metrics(), `pause_paused_objects{${r}}`)).toBe(0);
  });
});
