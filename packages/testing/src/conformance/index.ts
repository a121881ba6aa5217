export { type CountedCall, CountingClient, type PortOperation } from './counting-client.ts';
export { type ConformanceOptions, describePauseConformance } from './describe.ts';
export type {
  ConformanceHarness,
  FaultControl,
  FaultTarget,
  InjectedFault,
  TestObjectInit,
} from './harness.ts';
export { runConformanceScenario } from './run-scenario.ts';
export type { ScenarioContext, ScenarioDefinition, ScenarioFn } from './scenario.ts';
export { SCENARIO_IDS, type ScenarioId } from './scenario-ids.ts';
export { conformanceScenarios, FAULT_SCENARIO_IDS } from './scenarios/index.ts';
