import { integrationConfig } from '@pause/vitest-config';

/**
 * The install test: a snapshot release published to a local registry (verdaccio) and installed
 * from it into fresh projects, which run against the real kube-apiserver of the global setup.
 * Installs fetch from the npm registry through verdaccio, so tests get minutes, not seconds.
 */
export default integrationConfig({ testTimeout: 240_000, hookTimeout: 300_000 });
