import { describe, expect, it } from 'vitest';
import { coreEventFor, eventNamespaceOf, MAX_EVENT_MESSAGE } from './event-body.ts';

const now = Date.parse('2026-01-02T03:04:05.678Z');
const paused = { type: 'Normal' as const, reason: 'Paused' as const, message: 'paused by label' };
const widget = {
  apiVersion: 'example.com/v1',
  kind: 'Widget',
  metadata: { name: 'w', namespace: 'team-a', uid: 'u-1', resourceVersion: '7' },
};

describe('coreEventFor', () => {
  it('records a core/v1 Event about a namespaced object in its namespace, pointing at it', () => {
    expect(coreEventFor(widget, paused, { component: 'widgets', instance: 'pod-1' }, now)).toEqual({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { generateName: 'w.', namespace: 'team-a' },
      involvedObject: {
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        name: 'w',
        namespace: 'team-a',
        uid: 'u-1',
        resourceVersion: '7',
      },
      type: 'Normal',
      reason: 'Paused',
      message: 'paused by label',
      action: 'Paused',
      count: 1,
      firstTimestamp: '2026-01-02T03:04:05Z',
      lastTimestamp: '2026-01-02T03:04:05Z',
      source: { component: 'widgets', host: 'pod-1' },
      reportingComponent: 'widgets',
      reportingInstance: 'pod-1',
    });
  });

  it('puts Events about cluster-scoped objects in "default"; no instance, no host', () => {
    const tenant = { apiVersion: 'example.com/v1', kind: 'Tenant', metadata: { name: 't' } };
    const body = coreEventFor(tenant, paused, { component: 'tenants' }, now);
    expect(eventNamespaceOf(tenant)).toBe('default');
    expect(body.metadata.namespace).toBe('default');
    expect(body.involvedObject).not.toHaveProperty('namespace');
    expect(body.source).toEqual({ component: 'tenants' });
    expect(body).not.toHaveProperty('reportingInstance');
  });

  it('cuts long messages at 1 KiB', () => {
    const long = { ...paused, message: 'x'.repeat(40_000) };
    const body = coreEventFor(widget, long, { component: 'c' }, now);
    expect(body.message).toHaveLength(MAX_EVENT_MESSAGE);
    expect(body.message.endsWith('…')).toBe(true);
  });
});
