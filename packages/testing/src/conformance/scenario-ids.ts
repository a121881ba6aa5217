/**
 * Every conformance scenario, by id. Reference them type-safely when declaring a scenario
 * unsupported (`options.unsupported`).
 */
export const SCENARIO_IDS = [
  // The original's behaviour table (DESIGN.md §1), and its fixes
  'label-present-sets-paused-condition',
  'label-any-value-pauses',
  'unlabelled-no-condition-no-writes',
  'label-removed-removes-condition',
  'resume-set-false-keeps-false-condition',
  'other-conditions-untouched',
  'spec-change-refreshes-observed-generation',
  'malformed-conditions-never-written',
  // Writes and events
  'steady-state-zero-writes',
  'one-write-per-transition',
  'events-only-on-transitions',
  // Self-pause and the reason
  'self-pause-label-first',
  'self-pause-survives-condition-failure',
  'reason-from-label-value',
  'reason-annotation-in-message',
  // Expiry (`until`)
  'until-pending-requeues',
  'until-expiry-lifts-pause',
  'stale-expiry-keeps-renewed-pause',
  // Deletion
  'delete-blocked-while-paused',
  'delete-proceeds-while-paused',
  'object-gone-before-write',
  // Namespace pause (`namespaceLabelKey`)
  'namespace-pause-pauses-unlabelled',
  'namespace-pause-steady-and-resume',
  'namespace-object-label-wins',
  'namespace-pause-takes-over-expired-pause',
  'namespace-pause-keeps-other-conditions',
  // Concurrent writers
  'concurrent-writer-condition-kept',
  'concurrent-writer-on-resume',
  'concurrent-writer-loop',
  // The port contract
  'read-missing-is-undefined',
  'stale-metadata-write-conflicts',
  'stale-condition-write-conflicts',
  'writes-keep-other-half',
  // Error mapping (needs `harness.faults`)
  'error-forbidden-requeues',
  'error-not-found-is-gone',
  'error-conflict-rereads-and-retries',
  'error-conflict-exhausted-requeues',
  'error-invalid-requeues',
  'error-throttled-honours-retry-after',
  'error-server-backs-off',
  'error-network-backs-off',
  'error-event-failure-is-warning',
  'error-metadata-write-failure-keeps-pause',
] as const;

/** The id of one conformance scenario. */
export type ScenarioId = (typeof SCENARIO_IDS)[number];
