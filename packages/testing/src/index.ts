export type {
  ConformanceHarness,
  FaultControl,
  FaultTarget,
  InjectedFault,
  TestObjectInit,
} from './conformance/harness.ts';
export {
  describeRef,
  type StatusBody,
  type StatusReason,
  statusError,
} from './fake/api-status.ts';
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
  faultError,
} from './fake/faults.ts';
export { type FakeHarness, type FakeHarnessOptions, makeFakeHarness } from './fake/harness.ts';
export { applyJsonPatch, type JsonPatchResult } from './fake/json-patch.ts';
export { applyMergePatch, type JsonValue, jsonEqual } from './fake/merge-patch.ts';
export {
  type ClusterOperation,
  type ClusterWriteRecord,
  keyOf,
  type StoredEvent,
  type WatchEvent,
  type WatchEventType,
  type WatchListener,
} from './fake/records.ts';
