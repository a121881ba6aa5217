import { describe, expect, it } from 'vitest';
import { describePauseConformance } from '../conformance/describe.ts';
import { FAULT_SCENARIO_IDS } from '../conformance/scenarios/index.ts';
import { makeFakeHarness } from './harness.ts';

// The fake's own conformance run: every scenario, in memory.
describePauseConformance('fake', makeFakeHarness);

// A harness without fault injection declares those scenarios, with the reason, in one place.
describePauseConformance(
  'fake without fault injection',
  () => {
    const { faults: _none, ...harness } = makeFakeHarness();
    return harness;
  },
  {
    unsupported: Object.fromEntries(
      FAULT_SCENARIO_IDS.map((id) => [id, 'this harness has no fault injection (on purpose)']),
    ),
  },
);

describe('describePauseConformance options', () => {
  it('rejects an unknown scenario id and an empty reason at describe time', () => {
    expect(() =>
      describePauseConformance('bad', makeFakeHarness, {
        unsupported: { 'no-such-scenario': 'x' } as never,
      }),
    ).toThrow(/unknown scenario "no-such-scenario"/);
    expect(() =>
      describePauseConformance('bad', makeFakeHarness, {
        unsupported: { 'concurrent-writer-loop': ' ' },
      }),
    ).toThrow(/needs a reason/);
  });

  it('lists the fault-injection scenarios', () => {
    expect(FAULT_SCENARIO_IDS).toContain('error-throttled-honours-retry-after');
    expect(FAULT_SCENARIO_IDS).not.toContain('concurrent-writer-loop');
  });
});
