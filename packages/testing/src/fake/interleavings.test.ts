import { type KubeObject, refOf, runPause } from '@pause/core';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  conditionOf,
  conformancePolicy,
  LABEL,
  NOW,
  otherCondition,
} from '../conformance/scenarios/support.ts';
import { makeFakeHarness } from './harness.ts';

type Action =
  | { kind: 'toggle-label' }
  | { kind: 'other-writer'; status: 'True' | 'False' }
  | { kind: 'spec' }
  | { kind: 'read' }
  | { kind: 'pass-on-last-read' }
  | { kind: 'pass' };

const action: fc.Arbitrary<Action> = fc.oneof(
  fc.constant({ kind: 'toggle-label' as const }),
  fc
    .constantFrom('True' as const, 'False' as const)
    .map((status) => ({ kind: 'other-writer' as const, status })),
  fc.constant({ kind: 'spec' as const }),
  fc.constant({ kind: 'read' as const }),
  fc.constant({ kind: 'pass-on-last-read' as const }),
  fc.constant({ kind: 'pass' as const }),
);

describe('runPause over the fake, any interleaving of users, other writers and stale reads', () => {
  it("never loses another writer's condition, and never writes a Paused the label contradicts", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(action, { maxLength: 30 }), async (actions) => {
        const harness = makeFakeHarness();
        const policy = conformancePolicy();
        const created = await harness.createObject();
        const ref = refOf(created);
        let labelled = false;
        let other: 'True' | 'False' | undefined;
        let lastRead: KubeObject = created;
        let size = 1;
        for (const [index, step] of actions.entries()) {
          if (step.kind === 'toggle-label') {
            labelled = !labelled;
            await harness.patchMetadata(ref, { labels: { [LABEL]: labelled ? 'ops' : null } });
          } else if (step.kind === 'other-writer') {
            other = step.status;
            await harness.writeOtherCondition(ref, otherCondition(step.status));
          } else if (step.kind === 'spec') {
            await harness.patchSpec(ref, { size: ++size });
          } else if (step.kind === 'read') {
            lastRead = (await harness.getObject(ref)) as KubeObject;
          } else if (step.kind === 'pass') {
            // A pass on a fresh read: Paused follows the label.
            const fresh = (await harness.getObject(ref)) as KubeObject;
            const outcome = await runPause(harness.client, fresh, policy, { now: NOW + index });
            expect(outcome.action).toBe(labelled ? 'stop' : 'continue');
            expect(conditionOf(await harness.getObject(ref))?.status).toBe(
              labelled ? 'True' : undefined,
            );
          } else {
            // A pass on a stale read writes nothing, or (after a lost race) what the label says.
            const before = conditionOf(await harness.getObject(ref))?.status;
            await runPause(harness.client, lastRead, policy, { now: NOW + index });
            const after = conditionOf(await harness.getObject(ref))?.status;
            if (after !== before) expect(after).toBe(labelled ? 'True' : undefined);
          }
          expect(conditionOf(await harness.getObject(ref), 'OtherReady')?.status).toBe(other);
        }
      }),
      { numRuns: 200 },
    );
  });
});
