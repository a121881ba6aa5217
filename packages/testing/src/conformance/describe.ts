import { afterAll, beforeAll, describe, it } from 'vitest';
import type { ConformanceHarness } from './harness.ts';
import { runConformanceScenario } from './run-scenario.ts';
import { SCENARIO_IDS, type ScenarioId } from './scenario-ids.ts';
import { conformanceScenarios } from './scenarios/index.ts';

/** Options of {@link describePauseConformance}. */
export interface ConformanceOptions {
  /**
   * Scenarios this adapter cannot run, each with the reason (non-empty). They are reported as
   * skipped tests whose name and skip note carry the reason, never as passed ones.
   */
  unsupported?: Partial<Record<ScenarioId, string>>;
  /** Timeout of each scenario and of creating / cleaning up the harness. Default 30 000 ms. */
  timeoutMs?: number;
}

/** Throws when `unsupported` names unknown scenarios or gives an empty reason. */
function checkUnsupported(name: string, unsupported: Partial<Record<string, string>>): void {
  for (const [id, reason] of Object.entries(unsupported)) {
    if (!(SCENARIO_IDS as readonly string[]).includes(id)) {
      throw new Error(
        `describePauseConformance("${name}"): unknown scenario "${id}" in unsupported`,
      );
    }
    if (typeof reason !== 'string' || reason.trim() === '') {
      throw new Error(`describePauseConformance("${name}"): unsupported "${id}" needs a reason`);
    }
  }
}

/**
 * Registers the pause conformance suite for an adapter with vitest: one test per scenario,
 * all driven through `runPause` / `runSelfPause` from `@pause/core` with the harness's
 * `PauseClient`, checked against the objects the harness reads back. `makeHarness` runs once
 * (in `beforeAll`); each scenario creates its own objects. A harness without `faults` must
 * declare every fault-injection scenario unsupported.
 */
export function describePauseConformance(
  name: string,
  makeHarness: () => ConformanceHarness | Promise<ConformanceHarness>,
  options: ConformanceOptions = {},
): void {
  const unsupported = options.unsupported ?? {};
  const timeout = options.timeoutMs ?? 30_000;
  checkUnsupported(name, unsupported);

  describe(`pause conformance: ${name}`, { timeout }, () => {
    let harness: ConformanceHarness | undefined;
    beforeAll(async () => {
      harness = await makeHarness();
      if (harness.faults === undefined) {
        const missing = SCENARIO_IDS.filter(
          (id) => conformanceScenarios[id].needsFaults && unsupported[id] === undefined,
        );
        if (missing.length > 0) {
          throw new Error(
            `harness "${name}" has no "faults": declare these scenarios in options.unsupported with a reason: ${missing.join(', ')}`,
          );
        }
      }
    }, timeout);
    afterAll(async () => {
      await harness?.cleanup();
    }, timeout);

    for (const id of SCENARIO_IDS) {
      const reason = unsupported[id];
      if (reason !== undefined) {
        // Reported as skipped, never as passed: the reason is the skip note.
        it(`${id}: ${conformanceScenarios[id].title} [unsupported: ${reason}]`, (context) => {
          context.skip(reason);
        });
        continue;
      }
      it(`${id}: ${conformanceScenarios[id].title}`, async () => {
        if (harness === undefined) throw new Error('the conformance harness was not created');
        await runConformanceScenario(id, harness);
      });
    }
  });
}
