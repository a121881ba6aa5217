import type { CountingClient } from './counting-client.ts';
import type { ConformanceHarness } from './harness.ts';

/** What a scenario gets besides the harness. */
export interface ScenarioContext {
  /** The harness's client wrapped by the suite's counting decorator: pass it to `runPause`. */
  client: CountingClient;
}

/** A scenario: a plain async function that throws (an `AssertionError`) when the adapter fails it. */
export type ScenarioFn = (harness: ConformanceHarness, context: ScenarioContext) => Promise<void>;

/** One conformance scenario: what it proves and how. */
export interface ScenarioDefinition {
  /** One line, shown as the test name. */
  title: string;
  /** True when the scenario needs `harness.faults` (fault injection). */
  needsFaults?: boolean;
  run: ScenarioFn;
}
