/**
 * Replicas for the leader-election tests (leader-election.test.ts, reliability-failover.test.ts):
 * a leader in a child process (fixtures/leader-election-child.ts, so it can be SIGKILLed) and
 * standby replicas in this process, all writing one log of their reconciles and one set of the
 * replicas leading now.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { KubeConfigOptions } from '@pause/kube-harness';
import {
  type CustomResource,
  createPausableController,
  type PausableController,
} from '../../src/index.ts';
import { kubeConfigOf } from './cluster.ts';

const CHILD = fileURLToPath(new URL('./fixtures/leader-election-child.ts', import.meta.url));

/** One reconcile, by any replica (`end` undefined: the replica died during it). */
export interface LogEntry {
  identity: string;
  key: string;
  start: number;
  end?: number;
  /** `spec.size` of the object reconciled (standby replicas only). */
  size?: number;
}

/** What every replica of one test shares. */
export interface Replicas {
  /** Every reconcile of every replica. */
  log: LogEntry[];
  /** The replicas leading now. */
  leaders: Set<string>;
  /** When each standby replica last started leading (ms since the epoch). */
  leaderSince: Map<string, number>;
}

/** A replica's setup: the resource, namespace, label, Lease and how long a reconcile works. */
export interface ReplicaSetup {
  resource: CustomResource;
  namespace: string;
  labelKey: string;
  leaseName: string;
  lease: { leaseDurationMs: number; renewDeadlineMs: number; retryPeriodMs: number };
  workMs: number;
}

/** Fresh shared state for the replicas of one test. */
export function replicas(): Replicas {
  return { log: [], leaders: new Set(), leaderSince: new Map() };
}

/**
 * The replica `child` in its own process (its kubeconfig from `KUBECONFIG`), its JSON lines
 * recorded in `shared`.
 */
export function spawnLeaderChild(setup: ReplicaSetup, shared: Replicas): ChildProcess {
  const child = spawn(process.execPath, ['--conditions=dev-source', CHILD], {
    env: {
      ...process.env,
      PAUSE_LEADER_CHILD: JSON.stringify({
        identity: 'child',
        resource: setup.resource,
        namespace: setup.namespace,
        labelKey: setup.labelKey,
        leaseName: setup.leaseName,
        leaseNamespace: setup.namespace,
        workMs: setup.workMs,
        ...setup.lease,
      }),
    },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const { log, leaders } = shared;
  let buffered = '';
  child.stdout?.on('data', (chunk: Buffer) => {
    buffered += chunk.toString();
    const lines = buffered.split('\n');
    buffered = lines.pop() ?? '';
    for (const line of lines) {
      const event = JSON.parse(line) as { type: string; key: string; start: number } & Record<
        string,
        unknown
      >;
      if (event.type === 'leader') {
        if (event.leading) leaders.add('child');
        else leaders.delete('child');
      } else if (event.type === 'start') {
        log.push({ identity: 'child', key: event.key, start: event.start });
      } else if (event.type === 'reconcile') {
        const entry = log.find(
          (e) => e.identity === 'child' && e.key === event.key && e.start === event.start,
        );
        if (entry) entry.end = event.end as number;
      }
    }
  });
  return child;
}

/** A standby replica `identity` in this process (not started): it logs what it reconciles. */
export function standbyReplica(
  identity: string,
  kubeConfig: KubeConfigOptions,
  setup: ReplicaSetup,
  shared: Replicas,
): PausableController {
  const { log, leaders, leaderSince } = shared;
  return createPausableController({
    kubeConfig: kubeConfigOf(kubeConfig),
    resource: setup.resource,
    pause: { labelKey: setup.labelKey },
    namespace: setup.namespace,
    leaderElection: {
      identity,
      leaseName: setup.leaseName,
      leaseNamespace: setup.namespace,
      ...setup.lease,
    },
    metrics: {
      onLeaderChange: (leading) => {
        if (leading) {
          leaders.add(identity);
          leaderSince.set(identity, Date.now());
        } else leaders.delete(identity);
      },
    },
    reconcile: async (object, { key, signal }) => {
      const size = Number((object.spec as { size?: number } | undefined)?.size);
      const entry: LogEntry = { identity, key, start: Date.now(), size };
      log.push(entry);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, setup.workMs);
        signal.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      entry.end = Date.now();
    },
  });
}
