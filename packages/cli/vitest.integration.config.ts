import { integrationConfig } from '@pause/vitest-config';

// The end-to-end tests run the demo operator in-process and 50 objects through it.
export default integrationConfig({ testTimeout: 180_000 });
