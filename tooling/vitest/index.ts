import { defineConfig, type ViteUserConfig } from 'vitest/config';

/** Export conditions that make workspace packages resolve to their TypeScript sources. */
const sourceConditions = ['dev-source', 'module', 'node', 'import', 'default'];

const resolveFromSource = {
  resolve: { conditions: sourceConditions },
  ssr: { resolve: { conditions: sourceConditions, externalConditions: ['dev-source'] } },
} satisfies ViteUserConfig;

/** Unit tests: files beside the code (`src/**\/*.test.ts`), no network, no cluster. */
export function unitConfig(extra: ViteUserConfig['test'] = {}): ViteUserConfig {
  return defineConfig({
    ...resolveFromSource,
    test: {
      include: ['src/**/*.test.ts', 'test/unit/**/*.test.ts'],
      // A hang guard, not a speed check: turbo runs every package's unit tests at once on
      // 2 cores, and tests with a real local HTTPS server or fast-check can take seconds.
      testTimeout: 30_000,
      benchmark: { include: ['bench/**/*.bench.ts', 'src/**/*.bench.ts'] },
      passWithNoTests: false,
      reporters: ['default', 'json'],
      outputFile: { json: '.reports/unit.json' },
      ...extra,
    },
  });
}

/** Integration tests against a real kube-apiserver started by the harness's global setup. */
export function integrationConfig(extra: ViteUserConfig['test'] = {}): ViteUserConfig {
  return defineConfig({
    ...resolveFromSource,
    test: {
      include: ['test/integration/**/*.test.ts'],
      globalSetup: ['@pause/kube-harness/vitest-global-setup'],
      testTimeout: 60_000,
      hookTimeout: 120_000,
      fileParallelism: false,
      passWithNoTests: false,
      reporters: ['default', 'json'],
      outputFile: { json: '.reports/integration.json' },
      ...extra,
    },
  });
}
