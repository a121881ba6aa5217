/**
 * Where a controller is in its life: `new` (created), `starting` (`start()` called, first list
 * not done), `running` (`start()` resolved), `stopping` (`stop()` called), `stopped`.
 */
export type ControllerState = 'new' | 'starting' | 'running' | 'stopping' | 'stopped';

/** What a controller tells about itself at any time: for metrics, health and readiness. */
export interface ControllerStatus {
  /** Where the controller is in its life; `running` is the only ready state. */
  readonly state: ControllerState;
  /** This replica leads (always `true` without `leaderElection`). */
  readonly isLeader: boolean;
  /** Keys waiting in the work queue to be processed (neither in flight nor delayed). */
  readonly queueDepth: number;
}
