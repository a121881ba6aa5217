import { PauseError } from '@pause/core';

/** The `leaderElection` option of a controller: one `coordination.k8s.io/v1` Lease. */
export interface LeaderElectionOptions {
  /** Name of the Lease (created when missing). */
  leaseName: string;
  /** Namespace of the Lease. */
  leaseNamespace: string;
  /** This replica's identity in the Lease. Default `${hostname}_${random}`. */
  identity?: string;
  /** How long a Lease not renewed stays another replica's. Default 15 000 ms. */
  leaseDurationMs?: number;
  /** The leader stops leading when it could not renew for this long. Default 10 000 ms. */
  renewDeadlineMs?: number;
  /** Time between attempts to acquire or renew. Default 2 000 ms. */
  retryPeriodMs?: number;
}

const DEFAULTS = { leaseDurationMs: 15_000, renewDeadlineMs: 10_000, retryPeriodMs: 2_000 };

/** The timings of `options` with defaults; throws `PauseError('INVALID_POLICY')` when invalid. */
export function leaderElectionTimings(options: LeaderElectionOptions): typeof DEFAULTS {
  if (typeof options !== 'object' || options === null) {
    throw new PauseError('INVALID_POLICY', 'leaderElection must be an object');
  }
  for (const field of ['leaseName', 'leaseNamespace'] as const) {
    if (typeof options[field] !== 'string' || options[field] === '') {
      throw new PauseError('INVALID_POLICY', `leaderElection.${field} must be a non-empty string`);
    }
  }
  if (
    options.identity !== undefined &&
    (typeof options.identity !== 'string' || !options.identity)
  ) {
    throw new PauseError('INVALID_POLICY', 'leaderElection.identity must be a non-empty string');
  }
  const timings = {
    leaseDurationMs: options.leaseDurationMs ?? DEFAULTS.leaseDurationMs,
    renewDeadlineMs: options.renewDeadlineMs ?? DEFAULTS.renewDeadlineMs,
    retryPeriodMs: options.retryPeriodMs ?? DEFAULTS.retryPeriodMs,
  };
  for (const [field, value] of Object.entries(timings)) {
    if (typeof value !== 'number' || !Number.isFinite(value) || value <= 0) {
      throw new PauseError('INVALID_POLICY', `leaderElection.${field} must be a positive number`);
    }
  }
  if (timings.renewDeadlineMs >= timings.leaseDurationMs) {
    throw new PauseError(
      'INVALID_POLICY',
      `leaderElection.renewDeadlineMs (${timings.renewDeadlineMs}) must be less than leaseDurationMs (${timings.leaseDurationMs})`,
    );
  }
  if (timings.retryPeriodMs >= timings.renewDeadlineMs) {
    throw new PauseError(
      'INVALID_POLICY',
      `leaderElection.retryPeriodMs (${timings.retryPeriodMs}) must be less than renewDeadlineMs (${timings.renewDeadlineMs})`,
    );
  }
  return timings;
}
