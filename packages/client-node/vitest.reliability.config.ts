import { integrationConfig } from '@pause/vitest-config';

/**
 * Only the reliability suite (issue 13; see RELIABILITY.md at the repository root). Its short
 * versions also run with the integration tests (test/integration/reliability-*.test.ts); run
 * the long ones with `PAUSE_RELIABILITY_LONG=1 vitest run --config vitest.reliability.config.ts`.
 */
export default integrationConfig({
  include: ['test/integration/reliability-*.test.ts'],
  testTimeout: 900_000,
  hookTimeout: 300_000,
  outputFile: { json: '.reports/reliability.json' },
});
