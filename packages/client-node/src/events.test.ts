import { describe, expect, it } from 'vitest';
import { buildCoreEvent, eventNamespaceOf } from './events.ts';

const now = new Date('2026-01-01T00:00:00Z');
const reporter = { component: 'example.com/widget-controller', instance: 'pod-1' };
const event = { type: 'Normal' as const, reason: 'Paused' as const, message: 'paused by label' };

describe('buildCoreEvent', () => {
  it('records a core/v1 Event about a namespaced object in its namespace', () => {
    const object = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w', namespace: 'team-a', uid: 'u-1', resourceVersion: '7' },
    };
    const built = buildCoreEvent(object, event, reporter, now);
    expect(built.metadata?.namespace).toBe('team-a');
    expect(built.involvedObject).toEqual({
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      name: 'w',
      namespace: 'team-a',
      uid: 'u-1',
      resourceVersion: '7',
    });
    expect(built).toMatchObject({
      type: 'Normal',
      reason: 'Paused',
      message: 'paused by label',
      reportingComponent: 'example.com/widget-controller',
      reportingInstance: 'pod-1',
      source: { component: 'example.com/widget-controller', host: 'pod-1' },
      firstTimestamp: now,
    });
  });

  it('puts Events about cluster-scoped objects in "default"', () => {
    const object = { apiVersion: 'example.com/v1', kind: 'Tenant', metadata: { name: 't' } };
    expect(eventNamespaceOf(object)).toBe('default');
    const built = buildCoreEvent(object, event, reporter, now);
    expect(built.metadata?.namespace).toBe('default');
    expect(built.involvedObject.namespace).toBeUndefined();
  });
});
