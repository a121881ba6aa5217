import { describe, expect, it } from 'vitest';
import { condition, LABEL, NOW, OWNER, policy, widget } from '../test/fixtures.ts';
import { decide } from './decide.ts';
import type { KubeObject } from './kube-object.ts';
import { createPausePolicy } from './policy.ts';

const NS_LABEL = 'example.com/namespace-paused';
const REASON = 'example.com/pause-reason';
const UNTIL = 'example.com/pause-until';
const HOUR = 3_600_000;
const nsPolicy = () => policy({ namespaceLabelKey: NS_LABEL });

function namespace(labels: Record<string, string> = {}, annotations?: Record<string, string>) {
  const ns: KubeObject = {
    apiVersion: 'v1',
    kind: 'Namespace',
    metadata: { name: 'default', labels },
  };
  if (annotations && ns.metadata) ns.metadata.annotations = annotations;
  return ns;
}
const pausedNs = (annotations?: Record<string, string>) =>
  namespace({ [NS_LABEL]: 'true' }, annotations);

function setCondition(decision: ReturnType<typeof decide>) {
  const write = decision.writes[0];
  if (write?.kind !== 'condition' || write.change.op !== 'set') throw new Error('no set write');
  return write.change.condition;
}

describe('namespace pause: the pause label on the Namespace', () => {
  it('pauses an unlabelled object: PausedByNamespace, one write, one Event naming the namespace', () => {
    const d = decide(widget(), nsPolicy(), NOW, {
      namespace: pausedNs({ [REASON]: 'migrating tenant-a', [UNTIL]: '2026-01-01T02:00:00Z' }),
    });
    expect(d.action).toBe('stop');
    expect(d.state).toBe('paused');
    expect(d.pausedBy).toBe('namespace');
    expect(d.writes).toHaveLength(1);
    const c = setCondition(d);
    expect(c).toMatchObject({ type: 'Paused', status: 'True', reason: 'PausedByNamespace' });
    expect(c.message).toBe(
      `Reconciliation paused by label "${NS_LABEL}" on namespace "default": migrating tenant-a. It resumes by itself at 2026-01-01T02:00:00Z. Remove the label "${NS_LABEL}" from namespace "default" to resume.`,
    );
    expect(d.events).toEqual([{ type: 'Normal', reason: 'PausedByNamespace', message: c.message }]);
    expect(d.requeueAfterMs).toBe(2 * HOUR);
  });

  it('steady state: no write, no event', () => {
    const ns = pausedNs();
    const first = setCondition(decide(widget(), nsPolicy(), NOW, { namespace: ns }));
    const again = decide(widget({ conditions: [first] }), nsPolicy(), NOW + HOUR, {
      namespace: ns,
    });
    expect(again).toMatchObject({ action: 'stop', writes: [], events: [] });
  });

  it('is off unless the policy sets namespaceLabelKey', () => {
    const d = decide(widget(), policy(), NOW, { namespace: namespace({ [LABEL]: 'x' }) });
    expect(d).toMatchObject({ action: 'continue', state: 'active', writes: [], events: [] });
  });

  it('the Namespace label removed: the condition goes, Resumed names the namespace', () => {
    const paused = setCondition(decide(widget(), nsPolicy(), NOW, { namespace: pausedNs() }));
    const d = decide(widget({ conditions: [paused] }), nsPolicy(), NOW, { namespace: namespace() });
    expect(d.action).toBe('continue');
    expect(d.writes).toEqual([{ kind: 'condition', change: { op: 'remove', type: 'Paused' } }]);
    expect(d.events).toEqual([
      {
        type: 'Normal',
        reason: 'Resumed',
        message: 'Namespace "default" is no longer paused; reconciliation resumes.',
      },
    ]);
  });

  it('an expired Namespace pause is inactive: the object resumes and the Namespace is never written', () => {
    const ns = pausedNs({ [UNTIL]: '2025-12-31T23:00:00Z' });
    const paused = setCondition(decide(widget(), nsPolicy(), NOW - 2 * HOUR, { namespace: ns }));
    const d = decide(widget({ conditions: [paused] }), nsPolicy(), NOW, { namespace: ns });
    expect(d.action).toBe('continue');
    expect(d.writes.every((w) => w.kind === 'condition')).toBe(true);
    expect(d.events.map((e) => e.reason)).toEqual(['Resumed']);
  });

  it("the object's own label wins, and keeps it paused after the Namespace resumes", () => {
    const labelled = (conditions?: unknown[]) =>
      widget({ labels: { [LABEL]: 'alice' }, ...(conditions ? { conditions } : {}) });
    const own = setCondition(decide(labelled(), nsPolicy(), NOW, { namespace: pausedNs() }));
    expect(own.reason).toBe('PausedByLabel');
    const afterNsResume = decide(labelled([own]), nsPolicy(), NOW, { namespace: namespace() });
    expect(afterNsResume).toMatchObject({ action: 'stop', writes: [], events: [] });
  });

  it('a self-pause is untouched by the Namespace', () => {
    const self = widget({ labels: { [LABEL]: OWNER } });
    const d = decide(self, nsPolicy(), NOW, { namespace: pausedNs() });
    expect(setCondition(d).reason).toBe('PausedByController');
  });

  it('the object label removed under a paused Namespace: the pause changes hands in one write', () => {
    const own = setCondition(
      decide(widget({ labels: { [LABEL]: 'alice' } }), nsPolicy(), NOW, { namespace: pausedNs() }),
    );
    const d = decide(widget({ conditions: [own] }), nsPolicy(), NOW, { namespace: pausedNs() });
    expect(d.action).toBe('stop');
    expect(d.writes).toHaveLength(1);
    expect(setCondition(d).reason).toBe('PausedByNamespace');
    expect(d.events.map((e) => e.reason)).toEqual(['PausedByNamespace']);
  });

  it('deletion policy as for a labelled object', () => {
    const deleting = widget({ deleting: true });
    const blocked = decide(deleting, nsPolicy(), NOW, { namespace: pausedNs() });
    expect(blocked.action).toBe('stop');
    expect(blocked.events.map((e) => e.reason)).toEqual(['PausedByNamespace', 'DeletionBlocked']);
    const proceed = decide(
      deleting,
      policy({ namespaceLabelKey: NS_LABEL, onDelete: 'proceed' }),
      NOW,
      {
        namespace: pausedNs(),
      },
    );
    expect(proceed.action).toBe('continue');
  });

  it('garbage on the Namespace never throws; a bad until is a warning and no expiry', () => {
    const odd = [
      { metadata: { name: 'default', labels: 'nope' } },
      { metadata: { name: 'default', labels: [NS_LABEL] } },
      { metadata: null },
      {},
    ] as unknown as KubeObject[];
    for (const ns of odd) {
      expect(decide(widget(), nsPolicy(), NOW, { namespace: ns }).action).toBe('continue');
    }
    const d = decide(widget(), nsPolicy(), NOW, { namespace: pausedNs({ [UNTIL]: 'tomorrow' }) });
    expect(d.action).toBe('stop');
    expect(d.requeueAfterMs).toBeUndefined();
    expect(d.warnings.map((w) => w.code)).toEqual(['INVALID_UNTIL']);
    expect(d.warnings[0]?.message).toContain('on namespace "default"');
  });

  it('validates namespaceLabelKey at construction', () => {
    expect(() => createPausePolicy({ labelKey: LABEL, namespaceLabelKey: 'bad key!' })).toThrow(
      expect.objectContaining({ code: 'INVALID_LABEL_KEY' }),
    );
  });

  it('an existing condition of another type is never touched', () => {
    const other = condition('Ready', 'True');
    const d = decide(widget({ conditions: [other] }), nsPolicy(), NOW, { namespace: pausedNs() });
    expect(d.writes).toHaveLength(1);
    expect(d.writes[0]).toMatchObject({ kind: 'condition', change: { op: 'set' } });
  });
});

describe('namespace pause: what it never applies to', () => {
  it('a cluster-scoped object, or a Namespace object of another name', () => {
    const clusterScoped = widget();
    delete clusterScoped.metadata?.namespace;
    expect(decide(clusterScoped, nsPolicy(), NOW, { namespace: pausedNs() }).action).toBe(
      'continue',
    );
    const other = pausedNs();
    if (other.metadata) other.metadata.name = 'tenant-b';
    expect(decide(widget(), nsPolicy(), NOW, { namespace: other }).action).toBe('continue');
  });
});

describe('namespace pause: an object pause expiring under a paused Namespace', () => {
  it('removes the label and hands the pause to the Namespace in one condition write; no reconcile', () => {
    const own = setCondition(
      decide(widget({ labels: { [LABEL]: 'alice' } }), nsPolicy(), NOW - HOUR, {
        namespace: pausedNs(),
      }),
    );
    const expiring = widget({
      labels: { [LABEL]: 'alice' },
      annotations: { [UNTIL]: '2025-12-31T23:30:00Z' },
      conditions: [own],
    });
    const d = decide(expiring, nsPolicy(), NOW, { namespace: pausedNs() });
    expect(d.action).toBe('stop');
    expect(d.pausedBy).toBe('namespace');
    expect(d.writes.map((w) => w.kind)).toEqual(['metadata', 'condition']);
    expect(d.writes[0]).toMatchObject({ labels: { [LABEL]: null } });
    expect(d.writes[1]).toMatchObject({
      change: { op: 'set', condition: { reason: 'PausedByNamespace' } },
    });
    expect(d.events.map((e) => e.reason)).toEqual(['PauseExpired', 'PausedByNamespace']);
  });
});
