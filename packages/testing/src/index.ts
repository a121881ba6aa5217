/**
 * `@pause/testing`: test your controller's pause behaviour without a cluster. An in-memory
 * cluster with the API server's resourceVersion semantics ({@link FakeCluster}), the pause port
 * over it ({@link FakePauseClient}) with fault injection ({@link FakeFaults}), and a controller
 * driven one step at a time ({@link createFakeController}). The conformance suite for adapters
 * is `@pause/testing/conformance`.
 * @packageDocumentation
 */

export type {
  ConformanceHarness,
  FaultControl,
  FaultTarget,
  InjectedFault,
  TestObjectInit,
} from './conformance/harness.ts';
export { FakePauseClient, type FakePauseClientOptions } from './fake/client.ts';
export { FakeCluster, type FakeClusterOptions, type PatchRequest } from './fake/cluster.ts';
export {
  createFakeController,
  type FakeController,
  type FakeControllerOptions,
  type FakeReconcile,
  type FakeReconcileContext,
  type FakeReconcileResult,
  type FakeStep,
  type QueuedItem,
} from './fake/controller.ts';
export {
  type BeforeWriteHook,
  type CallPredicate,
  type FakeCall,
  FakeFaults,
} from './fake/faults.ts';
export { type FakeHarness, type FakeHarnessOptions, makeFakeHarness } from './fake/harness.ts';
export type {
  ClusterOperation,
  ClusterWriteRecord,
  StoredEvent,
  WatchEvent,
  WatchEventType,
  WatchListener,
} from './fake/records.ts';
