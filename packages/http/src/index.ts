/**
 * The HTTP layer pause adapters share: one keep-alive connection pool per cluster with
 * per-request auth ({@link createKubeConnection}) and the `PauseClient` port over the REST API
 * ({@link createRestPauseClient}). For adapter authors; controller authors install an adapter.
 * @packageDocumentation
 */

export {
  type ConnectionStats,
  createKubeConnection,
  type KubeConnection,
  type KubeConnectionOptions,
  type KubeRequest,
} from './connection.ts';
export {
  createEventQueue,
  type EventQueue,
  type EventQueueOptions,
  type EventQueueStats,
} from './event-queue.ts';
export type {
  ClusterLike,
  HttpsOptionsLike,
  KubeConfigLike,
  KubeConfigSource,
  UserLike,
} from './kube-config.ts';
export { type ResourceCoordinates, resourcePath } from './resource-path.ts';
export {
  createRestPauseClient,
  postEvent,
  type RestPauseClientOptions,
  type StatusStrategy,
} from './rest-pause-client.ts';
