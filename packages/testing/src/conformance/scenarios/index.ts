import type { ScenarioDefinition } from '../scenario.ts';
import type { ScenarioId } from '../scenario-ids.ts';
import { behaviourScenarios } from './behaviour.ts';
import { concurrencyScenarios } from './concurrency.ts';
import { deletionScenarios } from './deletion.ts';
import { errorScenarios } from './errors.ts';
import { namespaceScenarios } from './namespace.ts';
import { portScenarios } from './port.ts';
import { selfPauseScenarios } from './self-pause.ts';
import { untilScenarios } from './until.ts';
import { writeScenarios } from './writes.ts';

/** Every conformance scenario by id (the compiler checks none is missing). */
export const conformanceScenarios: Readonly<Record<ScenarioId, ScenarioDefinition>> = {
  ...behaviourScenarios,
  ...writeScenarios,
  ...selfPauseScenarios,
  ...untilScenarios,
  ...deletionScenarios,
  ...namespaceScenarios,
  ...concurrencyScenarios,
  ...portScenarios,
  ...errorScenarios,
};

/** The scenarios that need `harness.faults` (fault injection), in suite order. */
export const FAULT_SCENARIO_IDS: readonly ScenarioId[] = (
  Object.keys(conformanceScenarios) as ScenarioId[]
).filter((id) => conformanceScenarios[id].needsFaults === true);
