import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { PauseApiError } from '@pause/core';
import type { KubeConnection } from '@pause/http';
import { type LeaderElectionOptions, leaderElectionTimings } from './leader-election-options.ts';

export type { LeaderElectionOptions } from './leader-election-options.ts';

/** The `spec` of a `coordination.k8s.io/v1` Lease. */
interface LeaseSpec {
  holderIdentity?: string;
  leaseDurationSeconds?: number;
  acquireTime?: string;
  renewTime?: string;
  leaseTransitions?: number;
}

interface Lease {
  apiVersion: 'coordination.k8s.io/v1';
  kind: 'Lease';
  metadata: { name: string; namespace: string; resourceVersion?: string };
  spec?: LeaseSpec;
}

/** Options of {@link createLeaderElector}. */
export interface LeaderElectorOptions extends LeaderElectionOptions {
  connection: KubeConnection;
  /** Leadership started (`true`) or ended (`false`). */
  onChange(leading: boolean): void;
  /** A failed Lease call (it is retried). */
  onError?(error: unknown): void;
  /** Monotonic clock in ms. Default `performance.now`. */
  now?: () => number;
}

/** A running leader election on one Lease. */
export interface LeaderElector {
  readonly identity: string;
  readonly isLeader: boolean;
  /** Starts trying to acquire (and then renew) the Lease. */
  start(): void;
  /** Stops; when leading and `release`, clears the holder so a successor takes over at once. */
  stop(options?: { release?: boolean }): Promise<void>;
}

/** `metav1.MicroTime`: RFC 3339 with six fractional digits. */
function microTime(date = new Date()): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

/**
 * client-go's `tools/leaderelection` with a LeaseLock: acquire the Lease when it is missing
 * (create), ours, released (empty holder), or when its record has not changed for its
 * `leaseDurationSeconds` as measured by our own clock since we last saw it change (the
 * observedTime rule: other replicas' clocks are never trusted). Renews every `retryPeriodMs`;
 * stops leading when no renewal succeeded for `renewDeadlineMs` (a request still hanging
 * included). Every update is a PUT guarded by the read `resourceVersion` (409: another replica
 * won). `stop({ release: true })` clears the holder with `leaseDurationSeconds: 1`, as client-go's
 * ReleaseOnCancel. After losing the Lease it keeps trying to re-acquire it.
 */
export function createLeaderElector(options: LeaderElectorOptions): LeaderElector {
  const timings = leaderElectionTimings(options);
  const { connection, leaseName: name, leaseNamespace: namespace } = options;
  const identity = options.identity ?? `${hostname()}_${randomUUID().slice(0, 8)}`;
  const now = options.now ?? (() => performance.now());
  const collection = `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(namespace)}/leases`;
  const path = `${collection}/${encodeURIComponent(name)}`;
  const label = `lease ${namespace}/${name}`;
  const leaseSeconds = Math.max(1, Math.ceil(timings.leaseDurationMs / 1000));

  let leading = false;
  let stopped = true;
  let observedRaw: string | undefined;
  let observedTime = 0;
  let latest: Lease | undefined;
  let attempt: Promise<boolean> | undefined;
  let loop: Promise<void> | undefined;
  let deadline: NodeJS.Timeout | undefined;
  let wake: (() => void) | undefined;
  let sleeper: NodeJS.Timeout | undefined;

  const setLeading = (value: boolean) => {
    if (leading === value) return;
    leading = value;
    if (!value && deadline) {
      clearTimeout(deadline);
      deadline = undefined;
    }
    options.onChange(value);
  };

  /** (Re)arms the renew deadline from the start of the last successful attempt. */
  const armDeadline = (attemptStartedAt: number) => {
    if (deadline) clearTimeout(deadline);
    const remaining = attemptStartedAt + timings.renewDeadlineMs - now();
    deadline = setTimeout(
      () => {
        deadline = undefined;
        setLeading(false);
      },
      Math.max(0, remaining),
    );
  };

  const observe = (lease: Lease) => {
    latest = lease;
    const raw = JSON.stringify(lease.spec ?? {});
    if (raw !== observedRaw) {
      observedRaw = raw;
      observedTime = now();
    }
  };

  const tryAcquireOrRenew = async (): Promise<boolean> => {
    const record: LeaseSpec = {
      holderIdentity: identity,
      leaseDurationSeconds: leaseSeconds,
      acquireTime: microTime(),
      renewTime: microTime(),
      leaseTransitions: 0,
    };
    let current: Lease;
    try {
      current = await connection.send<Lease>({ method: 'GET', path, operation: `get ${label}` });
    } catch (error) {
      if (!(PauseApiError.isInstance(error) && error.kind === 'not-found')) throw error;
      try {
        const created = await connection.send<Lease>({
          method: 'POST',
          path: collection,
          body: {
            apiVersion: 'coordination.k8s.io/v1',
            kind: 'Lease',
            metadata: { name, namespace },
            spec: record,
          },
          operation: `create ${label}`,
        });
        observe(created);
        return true;
      } catch (createError) {
        if (PauseApiError.isInstance(createError) && createError.kind === 'conflict') return false;
        throw createError;
      }
    }
    observe(current);
    const old = current.spec ?? {};
    const holder = old.holderIdentity ?? '';
    const ours = holder === identity;
    const durationMs = (old.leaseDurationSeconds ?? leaseSeconds) * 1000;
    if (holder !== '' && !ours && observedTime + durationMs > now()) return false;
    if (ours) {
      record.acquireTime = old.acquireTime ?? record.acquireTime;
      record.leaseTransitions = old.leaseTransitions ?? 0;
    } else {
      record.leaseTransitions = (old.leaseTransitions ?? 0) + 1;
    }
    try {
      const updated = await connection.send<Lease>({
        method: 'PUT',
        path,
        body: { ...current, spec: record },
        operation: `update ${label}`,
      });
      observe(updated);
      return true;
    } catch (error) {
      if (PauseApiError.isInstance(error) && error.kind === 'conflict') return false;
      throw error;
    }
  };

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      wake = resolve;
      sleeper = setTimeout(resolve, ms);
    }).finally(() => {
      wake = undefined;
      sleeper = undefined;
    });

  const run = async () => {
    while (!stopped) {
      const startedAt = now();
      attempt = tryAcquireOrRenew().catch((error: unknown) => {
        options.onError?.(error);
        return false;
      });
      const ok = await attempt;
      attempt = undefined;
      if (stopped) return;
      // A success that took longer than the renew deadline does not count: the next one will.
      if (ok && now() - startedAt < timings.renewDeadlineMs) {
        armDeadline(startedAt);
        setLeading(true);
      }
      // client-go: JitterUntil(RetryPeriod, 1.2) while acquiring, RetryPeriod while renewing.
      const jitter = leading ? 0 : Math.random() * 1.2;
      await sleep(timings.retryPeriodMs * (1 + jitter));
    }
  };

  return {
    identity,
    get isLeader() {
      return leading;
    },
    start() {
      if (!stopped) return;
      stopped = false;
      loop = run();
    },
    async stop(stopOptions = {}) {
      stopped = true;
      if (sleeper) clearTimeout(sleeper);
      wake?.();
      await attempt;
      await loop;
      const wasLeading = leading;
      setLeading(false);
      if (deadline) clearTimeout(deadline);
      deadline = undefined;
      if (!wasLeading || !stopOptions.release || !latest) return;
      const old = latest.spec ?? {};
      if (old.holderIdentity !== identity) return;
      try {
        const released = await connection.send<Lease>({
          method: 'PUT',
          path,
          body: {
            ...latest,
            spec: {
              holderIdentity: '',
              leaseDurationSeconds: 1,
              acquireTime: microTime(),
              renewTime: microTime(),
              leaseTransitions: old.leaseTransitions ?? 0,
            },
          },
          operation: `release ${label}`,
        });
        observe(released);
      } catch (error) {
        // 409: someone else holds it already. Otherwise a successor waits the lease duration.
        if (!(PauseApiError.isInstance(error) && error.kind === 'conflict'))
          options.onError?.(error);
      }
    },
  };
}
