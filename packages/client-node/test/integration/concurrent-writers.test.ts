import {
  createPausePolicy,
  type KubeObject,
  PauseApiError,
  type PauseOutcome,
  runPause,
} from '@pause/core';
import { type PauseClient, refOf } from '@pause/core/adapter';
import {
  connectRealCluster,
  createConformanceHarness,
  type RealClusterHarness,
} from '@pause/real-cluster';
import { afterAll, describe, expect, it } from 'vitest';
import type { ClientNodePauseClient, StatusStrategy } from '../../src/index.ts';
import { NAMESPACE, testClient, testResource } from './cluster.ts';

type ClientNodeHarness = RealClusterHarness<ClientNodePauseClient>;

const LABEL = 'pause.test/paused';
const policy = createPausePolicy({ labelKey: LABEL });
const ROUNDS = 300;
const cluster = connectRealCluster();

/** The adapter with `strategy`, straight to the server, and the user / other writer beside it. */
async function harnessFor(strategy: StatusStrategy): Promise<ClientNodeHarness> {
  const resource = testResource(strategy === 'server-side-apply' ? 'map' : 'free', true);
  const client = testClient(cluster.info.kubeConfig, resource, strategy);
  return createConformanceHarness({
    cluster,
    resource,
    namespace: NAMESPACE,
    client,
    closeOnCleanup: [client],
  });
}

function conditions(object: KubeObject | undefined): Array<Record<string, unknown>> {
  const list = (object?.status as { conditions?: unknown } | undefined)?.conditions;
  return Array.isArray(list) ? list : [];
}

let lostRaces = 0;

/** The adapter, counting the condition writes that lost a race (and were re-read and retried). */
function countingConflicts(harness: ClientNodeHarness): PauseClient {
  const { client } = harness;
  return {
    read: (ref) => client.read(ref),
    writeMetadata: (ref, write) => client.writeMetadata(ref, write),
    recordEvent: (object, event) => client.recordEvent(object, event),
    async writeCondition(ref, base, change) {
      try {
        return await client.writeCondition(ref, base, change);
      } catch (error) {
        if (PauseApiError.isInstance(error) && error.kind === 'conflict') lostRaces++;
        throw error;
      }
    },
  };
}

async function passUntilSettled(harness: ClientNodeHarness, object: KubeObject) {
  let outcome: PauseOutcome;
  let current = object;
  let requeues = 0;
  const client = countingConflicts(harness);
  for (;;) {
    outcome = await runPause(client, current, policy, { now: Date.now() });
    if (outcome.action !== 'requeue') return { outcome, requeues };
    if (outcome.error.kind !== 'conflict') throw outcome.error;
    requeues++;
    current = (await harness.getObject(refOf(object))) as KubeObject;
  }
}

describe.each<StatusStrategy>(['json-patch', 'server-side-apply'])(
  'a second field manager writing its own condition concurrently (%s)',
  (strategy) => {
    const harnesses: ClientNodeHarness[] = [];
    afterAll(async () => {
      for (const harness of harnesses) await harness.cleanup();
    });

    it(`loses nothing over ${ROUNDS} interleavings`, async () => {
      const harness = await harnessFor(strategy);
      harnesses.push(harness);
      const created = await harness.createObject();
      const ref = refOf(created);
      let requeues = 0;
      lostRaces = 0;
      for (let round = 0; round < ROUNDS; round++) {
        const paused = round % 2 === 0;
        const otherMessage = `round ${round}`;
        await Promise.all([
          harness.writeOtherCondition(ref, {
            type: 'OtherReady',
            status: round % 3 === 0 ? 'False' : 'True',
            reason: 'Working',
            message: otherMessage,
            lastTransitionTime: new Date().toISOString().replace(/\.\d+Z$/, 'Z'),
          }),
          (async () => {
            const labelled = await harness.patchMetadata(ref, {
              labels: { [LABEL]: paused ? 'yes' : null },
            });
            const settled = await passUntilSettled(harness, labelled);
            requeues += settled.requeues;
            expect(settled.outcome.action).toBe(paused ? 'stop' : 'continue');
          })(),
        ]);
        const stored = await harness.getObject(ref);
        const other = conditions(stored).find((entry) => entry.type === 'OtherReady');
        const pausedCondition = conditions(stored).find((entry) => entry.type === 'Paused');
        expect(other?.message, `round ${round}: the other writer's condition`).toBe(otherMessage);
        expect(pausedCondition?.status, `round ${round}: our condition`).toBe(
          paused ? 'True' : undefined,
        );
        expect(conditions(stored).filter((entry) => entry.type === 'OtherReady')).toHaveLength(1);
      }
      console.log(
        `[${strategy}] ${ROUNDS} rounds: ${lostRaces} condition writes lost a race and were retried, ${requeues} passes requeued`,
      );
    });
  },
);
