import type { ConditionChange, KubeObject, MetadataWrite, ObjectRef } from '@pause/core';
import { applyWrites, conditionJsonPatch, type PauseClient } from '@pause/core/adapter';
import { describe, expect, it } from 'vitest';
import { FakePauseClient } from '../fake/client.ts';
import { type FakeHarness, makeFakeHarness } from '../fake/harness.ts';
import { runConformanceScenario } from './run-scenario.ts';
import { SCENARIO_IDS, type ScenarioId } from './scenario-ids.ts';

/** Writes the whole `status.conditions` list with a merge patch and no precondition. */
class WholeListClient extends FakePauseClient {
  override async writeCondition(ref: ObjectRef, base: KubeObject, change: ConditionChange) {
    const conditions = (
      applyWrites(base, [{ kind: 'condition', change }]).status as { conditions: unknown[] }
    ).conditions;
    return this.cluster.patch(ref, {
      type: 'merge',
      body: { status: { conditions } },
      subresource: 'status',
      actor: 'broken',
    });
  }
}

/** Drops every resourceVersion guard: no merge-patch precondition, no `test` of it. */
class UnguardedClient extends FakePauseClient {
  override writeMetadata(ref: ObjectRef, write: MetadataWrite) {
    const { resourceVersion: _dropped, ...rest } = write;
    return super.writeMetadata(ref, rest);
  }
  override async writeCondition(ref: ObjectRef, base: KubeObject, change: ConditionChange) {
    const ops = conditionJsonPatch(base, change).filter(
      (op) => op.path !== '/metadata/resourceVersion',
    );
    return this.cluster.patch(ref, { type: 'json', body: ops, subresource: 'status' });
  }
}

/** Loses the API error's class: throws plain `Error`s (and treats 404 on read as an error). */
function plainErrors(inner: PauseClient): PauseClient {
  const plain = async <T>(run: () => Promise<T>): Promise<T> => {
    try {
      return await run();
    } catch (error) {
      throw new Error(String((error as Error).message));
    }
  };
  return {
    read: async (ref) => {
      const found = await plain(() => inner.read(ref));
      if (found === undefined) throw new Error('not found');
      return found;
    },
    writeMetadata: (ref, write) => plain(() => inner.writeMetadata(ref, write)),
    writeCondition: (ref, base, change) => plain(() => inner.writeCondition(ref, base, change)),
    recordEvent: (object, event) => plain(() => inner.recordEvent(object, event)),
  };
}

type Broken = (harness: FakeHarness) => PauseClient;

const brokenAdapters: Record<string, { make: Broken; mustFail: ScenarioId[] }> = {
  'replaces the whole conditions list': {
    make: (h) => new WholeListClient(h.cluster, { faults: h.faults }),
    mustFail: [
      'concurrent-writer-condition-kept',
      'concurrent-writer-on-resume',
      'concurrent-writer-loop',
      'stale-condition-write-conflicts',
    ],
  },
  'ignores the resourceVersion guard': {
    make: (h) => new UnguardedClient(h.cluster, { faults: h.faults }),
    mustFail: [
      'stale-expiry-keeps-renewed-pause',
      'stale-metadata-write-conflicts',
      'stale-condition-write-conflicts',
      'concurrent-writer-condition-kept',
    ],
  },
  'throws plain errors instead of PauseApiError': {
    make: (h) => plainErrors(h.client),
    mustFail: [
      'read-missing-is-undefined',
      'object-gone-before-write',
      'stale-metadata-write-conflicts',
      'error-not-found-is-gone',
      'error-conflict-rereads-and-retries',
      'error-throttled-honours-retry-after',
      'error-forbidden-requeues',
    ],
  },
};

function brokenHarness(make: Broken): FakeHarness {
  const harness = makeFakeHarness();
  return { ...harness, client: make(harness) as FakeHarness['client'] };
}

describe('the conformance suite catches broken adapters', () => {
  for (const [flaw, { make, mustFail }] of Object.entries(brokenAdapters)) {
    describe(`an adapter that ${flaw}`, () => {
      it.each(mustFail)('fails %s', async (id) => {
        await expect(runConformanceScenario(id, brokenHarness(make))).rejects.toMatchObject({
          name: 'AssertionError',
        });
      });
    });
  }

  it('the correct fake passes every scenario the broken adapters fail', async () => {
    const ids = new Set(Object.values(brokenAdapters).flatMap((broken) => broken.mustFail));
    for (const id of ids) await runConformanceScenario(id, makeFakeHarness());
    expect(ids.size).toBeGreaterThan(8);
  });

  it('a harness without faults cannot run a fault scenario silently', async () => {
    const { faults: _none, ...harness } = makeFakeHarness();
    await expect(runConformanceScenario('error-server-backs-off', harness)).rejects.toThrow(
      /declare the scenario unsupported/,
    );
  });

  it('lists every scenario once', () => {
    expect(new Set(SCENARIO_IDS).size).toBe(SCENARIO_IDS.length);
  });
});
