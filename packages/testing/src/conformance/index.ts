/**
 * `@pause/testing/conformance`: the scenarios every pause adapter must pass, registered with
 * vitest (an optional peer dependency) in one call: {@link describePauseConformance}.
 * @packageDocumentation
 */

export { type ConformanceOptions, describePauseConformance } from './describe.ts';
export type {
  ConformanceHarness,
  FaultControl,
  FaultTarget,
  InjectedFault,
  TestObjectInit,
} from './harness.ts';
export { runConformanceScenario } from './run-scenario.ts';
export { SCENARIO_IDS, type ScenarioId } from './scenario-ids.ts';
export { FAULT_SCENARIO_IDS } from './scenarios/index.ts';
