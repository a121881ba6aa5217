import type { Condition, KubeObject, ObjectRef } from '@pause/core';
import { createFakeController, FakeCluster, type FakeStep } from '@pause/testing';
import {
  PAUSE_LABEL,
  REASON_ANNOTATION,
  UNTIL_ANNOTATION,
  widgetPausePolicy,
} from './pause-policy.ts';
import { reconcileWidget } from './reconcile-widget.ts';
import { newWidget, type Widget } from './widget.ts';

/** One line of the demo's story: what the user did and how the operator answered. */
export interface DemoChapter {
  at: string;
  action: string;
  result: FakeStep['result'];
  writes: number;
  events: string[];
  paused: string | undefined;
  ready: string | undefined;
}

const OWNER_ID = 'demo-operator-5d7c';
const START = Date.parse('2026-11-26T09:00:00Z');

function conditionText(object: KubeObject | undefined, type: string): string | undefined {
  const c = (object as Widget | undefined)?.status?.conditions?.find(
    (x: Condition) => x.type === type,
  );
  return c ? `${c.status} ${c.reason}: ${c.message}` : undefined;
}

/**
 * Runs the demo operator against an embedded in-memory cluster (no Kubernetes needed), on a
 * simulated clock, through a scripted story: a person pauses a Widget with a reason and an
 * expiry, edits it while paused, the pause expires, the operator pauses a Widget itself, a
 * person resumes it, and a paused Widget is deleted. Returns one chapter per step.
 */
export async function runEmbeddedDemo(
  print: (line: string) => void = () => {},
): Promise<DemoChapter[]> {
  let nowMs = START;
  const now = () => new Date(nowMs);
  const cluster = new FakeCluster({ clock: now });
  const controller = createFakeController({
    cluster,
    pause: widgetPausePolicy(OWNER_ID),
    now,
    reconcile: (object, ctx) => reconcileWidget(object, { ...ctx, now }),
  });
  const chapters: DemoChapter[] = [];
  /** Object writes (labels, annotations, status) the operator made; Events are listed apart. */
  const operatorWrites = () =>
    cluster.writes.filter(
      (w) => w.actor !== 'user' && w.operation !== 'event' && w.outcome === 'applied',
    ).length;
  const stored = cluster.create(newWidget('hello', 'demo', { replicas: 3, greeting: 'hi' }));
  const ref: ObjectRef = {
    apiVersion: stored.apiVersion as string,
    kind: 'Widget',
    name: 'hello',
    namespace: 'demo',
  };

  const chapter = async (action: string, act: () => void) => {
    act();
    const writesBefore = operatorWrites();
    const eventsBefore = cluster.events.length;
    const step = await controller.step(ref);
    const object = cluster.get(ref);
    const entry: DemoChapter = {
      at: now().toISOString().slice(11, 19),
      action,
      result: step.result,
      writes: operatorWrites() - writesBefore,
      events: cluster.events.slice(eventsBefore).map((e) => `${e.type}/${e.reason}`),
      paused: conditionText(object, 'Paused'),
      ready: conditionText(object, 'Ready'),
    };
    chapters.push(entry);
    print(`[${entry.at}] ${action}`);
    const after =
      step.requeueAfterMs === undefined
        ? ''
        : ` (look again in ${Math.round(step.requeueAfterMs / 1000)}s)`;
    print(
      `           -> ${entry.result}${after}; operator writes: ${entry.writes}; events: ${entry.events.join(', ') || 'none'}`,
    );
    print(`           Paused: ${entry.paused ?? '(none)'}`);
    print(`           Ready:  ${entry.ready ?? '(none)'}`);
  };
  const user = (patch: Parameters<FakeCluster['patch']>[1]['body']) =>
    cluster.patch(ref, { type: 'merge', body: patch, actor: 'user' });

  print('pause demo: the Widget operator on an embedded in-memory cluster (simulated clock)\n');
  await chapter('create widget demo/hello with 3 replicas', () => {});
  await chapter(`alice pauses it: label ${PAUSE_LABEL}=alice, reason, until 09:30`, () => {
    nowMs += 60_000;
    user({
      metadata: {
        labels: { [PAUSE_LABEL]: 'alice' },
        annotations: {
          [REASON_ANNOTATION]: 'investigating incident 4711',
          [UNTIL_ANNOTATION]: '2026-11-26T09:30:00Z',
        },
      },
    });
  });
  await chapter(
    'bob scales it to 5 while paused (not reconciled; observedGeneration follows)',
    () => {
      nowMs += 60_000;
      user({ spec: { replicas: 5 } });
    },
  );
  await chapter('the operator looks again: steady state, nothing to write', () => {
    nowMs += 60_000;
  });
  await chapter('09:30 passes: the pause lifts itself, the reconcile runs', () => {
    nowMs = Date.parse('2026-11-26T09:30:05Z');
  });
  await chapter('bob asks for 50 replicas: the operator pauses the Widget itself', () => {
    nowMs += 60_000;
    user({ spec: { replicas: 50 } });
  });
  await chapter('the operator looks again: still paused by itself, no writes', () => {
    nowMs += 60_000;
  });
  await chapter('bob lowers it to 8 and removes the label: resumed', () => {
    nowMs += 60_000;
    user({
      spec: { replicas: 8 },
      metadata: { labels: { [PAUSE_LABEL]: null }, annotations: { [REASON_ANNOTATION]: null } },
    });
  });
  await chapter(
    'alice pauses it again, then it is deleted (with a finalizer): deletion blocked',
    () => {
      nowMs += 60_000;
      user({
        metadata: { labels: { [PAUSE_LABEL]: 'alice' }, finalizers: ['demo.pause.dev/cleanup'] },
      });
      cluster.delete(ref);
    },
  );
  print(
    `\n${chapters.length} steps, ${operatorWrites()} operator writes, ${cluster.events.length} events. Run against a real cluster with --kubeconfig <file>.`,
  );
  return chapters;
}
