/**
 * One real-server test harness for pause adapters: the cluster of the vitest global setup, test
 * CRDs and namespaces, a fault proxy with a kubeconfig for the adapter, and the conformance
 * harness whose user and other controller act directly on the server with raw HTTPS.
 * @packageDocumentation
 */
export type { AdapterProxy } from './adapter-proxy.ts';
export { connectRealCluster, type RealCluster } from './cluster.ts';
export {
  type ConformanceHarnessOptions,
  createConformanceHarness,
  type RealClusterHarness,
} from './conformance-harness.ts';
export { requestMatchOf } from './fault-targets.ts';
export { exportKubeconfig } from './kubeconfig-env.ts';
export { OTHER_MANAGER } from './other-writer.ts';
export { resourcePath, type TestResource } from './resource.ts';
export { createTestObjects, type TestObjects, type TestObjectsOptions } from './test-objects.ts';
export { waitFor } from './wait-for.ts';
