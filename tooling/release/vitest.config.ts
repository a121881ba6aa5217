import { unitConfig } from '@pause/vitest-config';

/** Unit tests of the release setup: versions, licence, package pages, workflows. No registry. */
export default unitConfig({ include: ['test/unit/**/*.test.ts'], testTimeout: 60_000 });
