import { CountingClient } from './counting-client.ts';
import type { ConformanceHarness } from './harness.ts';
import type { ScenarioContext } from './scenario.ts';
import type { ScenarioId } from './scenario-ids.ts';
import { conformanceScenarios } from './scenarios/index.ts';

/**
 * Runs one conformance scenario against `harness`, outside any test framework: resolves when
 * the adapter passes it, rejects (usually with an `AssertionError`) when it does not. Pending
 * faults are cleared afterwards.
 */
export async function runConformanceScenario(
  id: ScenarioId,
  harness: ConformanceHarness,
): Promise<void> {
  const scenario = conformanceScenarios[id];
  if (scenario === undefined) throw new Error(`unknown conformance scenario "${id}"`);
  if (scenario.needsFaults && harness.faults === undefined) {
    throw new Error(
      `scenario "${id}" needs fault injection but the harness has no "faults": implement it or declare the scenario unsupported`,
    );
  }
  const context: ScenarioContext = { client: new CountingClient(harness.client) };
  try {
    await scenario.run(harness, context);
  } finally {
    harness.faults?.clear();
  }
}
