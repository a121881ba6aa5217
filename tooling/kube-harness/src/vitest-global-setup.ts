import type { TestProject } from 'vitest/node';
import { ENSURE_HINT, findAssets } from './assets.ts';
import { harnessInfo, type KubeHarnessInfo, start } from './start.ts';

/**
 * What tests get from `inject('kube')`: the running cluster. (`available: false` is kept in
 * the type for callers that check it; the setup fails instead of providing it.)
 */
export type ProvidedKube =
  | ({ available: true } & KubeHarnessInfo)
  | { available: false; reason: string };

declare module 'vitest' {
  export interface ProvidedContext {
    /** The cluster started by `@pause/kube-harness/vitest-global-setup`. */
    kube: ProvidedKube;
  }
}

/** True when running in CI (`CI` set to anything but `false`/`0`/empty). */
export function isCI(env: NodeJS.ProcessEnv = process.env): boolean {
  const v = (env.CI ?? '').trim().toLowerCase();
  return v !== '' && v !== 'false' && v !== '0';
}

/**
 * Vitest global setup: starts etcd + kube-apiserver once per run (or uses
 * `PAUSE_TEST_KUBECONFIG`), provides it as `inject('kube')`, stops it on teardown.
 * Missing binaries fail the run (in CI and locally alike): a missing server is never a skip.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  if (!process.env.PAUSE_TEST_KUBECONFIG && !findAssets()) {
    // Never a skip: integration tests that did not run must not look like tests that passed.
    throw new Error(
      `No Kubernetes API server for integration tests: kube-apiserver/etcd not found. Run once: ${ENSURE_HINT} (or set KUBEBUILDER_ASSETS or PAUSE_TEST_KUBECONFIG).`,
    );
  }
  const harness = await start();
  if (!harness.external) {
    console.log(
      `[kube-harness] kube-apiserver ready at ${harness.server} in ${harness.timings.totalMs} ms (kubeconfig ${harness.kubeconfigPath})`,
    );
  }
  project.provide('kube', { available: true, ...harnessInfo(harness) });
  return async () => {
    await harness.stop();
  };
}
