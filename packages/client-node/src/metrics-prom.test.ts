import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { createPausedObjectsGauge } from './metrics-prom.ts';

async function value(registry: Registry): Promise<number | undefined> {
  const metric = (await registry.getMetricsAsJSON())[0];
  return (metric as { values?: Array<{ value: number }> } | undefined)?.values?.[0]?.value;
}

describe('createPausedObjectsGauge', () => {
  it('counts objects whose last pause pass stopped, and forgets gone ones', async () => {
    const registry = new Registry();
    const { hooks } = createPausedObjectsGauge({
      resource: 'widgets.example.com',
      registers: [registry],
    });
    expect(await value(registry)).toBe(0);
    hooks.onOutcome?.({ key: 'a/one', action: 'stop', transitions: [] });
    hooks.onOutcome?.({ key: 'a/two', action: 'stop', transitions: [] });
    hooks.onOutcome?.({ key: 'a/one', action: 'stop', transitions: [] });
    expect(await value(registry)).toBe(2);
    hooks.onOutcome?.({ key: 'a/one', action: 'requeue', transitions: [] });
    expect(await value(registry)).toBe(2);
    hooks.onOutcome?.({ key: 'a/one', action: 'continue', transitions: [] });
    hooks.onForget?.('a/two');
    expect(await value(registry)).toBe(0);
  });
});
