import { describe, expect, it } from 'vitest';
import { buildCoreEvent } from './events.ts';

const now = new Date('2026-01-02T03:04:05.678Z');
const paused = { type: 'Normal' as const, reason: 'Paused' as const, message: 'Paused by label' };

describe('buildCoreEvent', () => {
  it('records a core/v1 Event in the namespace of a namespaced object, pointing at it by uid', () => {
    const object = {
      apiVersion: 'example.com/v1',
      kind: 'Widget',
      metadata: { name: 'w', namespace: 'ns', uid: 'u-1', resourceVersion: '42' },
    };
    const event = buildCoreEvent(object, paused, { component: 'widgets', instance: 'pod-1' }, now);
    expect(event).toMatchObject({
      apiVersion: 'v1',
      kind: 'Event',
      metadata: { generateName: 'w.', namespace: 'ns' },
      involvedObject: {
        apiVersion: 'example.com/v1',
        kind: 'Widget',
        name: 'w',
        namespace: 'ns',
        uid: 'u-1',
        resourceVersion: '42',
      },
      type: 'Normal',
      reason: 'Paused',
      message: 'Paused by label',
      count: 1,
      firstTimestamp: '2026-01-02T03:04:05Z',
      lastTimestamp: '2026-01-02T03:04:05Z',
      source: { component: 'widgets', host: 'pod-1' },
      reportingComponent: 'widgets',
      reportingInstance: 'pod-1',
    });
  });

  it('records an Event about a cluster-scoped object in `default` (as client-go does)', () => {
    const event = buildCoreEvent(
      { apiVersion: 'example.com/v1', kind: 'Cluster', metadata: { name: 'c' } },
      paused,
      {},
      now,
    );
    expect(event.metadata.namespace).toBe('default');
    expect(event.involvedObject).not.toHaveProperty('namespace');
    expect(event.source.component).toBe('pause');
  });
});
