import { PauseApiError, PauseError } from '@pause/core';
import type { KubeConnection } from '@pause/http';
import { describe, expect, it, vi } from 'vitest';
import { createLeaderElector } from './leader-election.ts';
import { leaderElectionTimings } from './leader-election-options.ts';
import { createPausableController } from './pausable-controller.ts';

const lease = { leaseName: 'widgets', leaseNamespace: 'ops' };
const codeOf = (run: () => unknown) => {
  try {
    run();
  } catch (error) {
    return PauseError.isInstance(error) ? `${error.code}: ${error.message}` : String(error);
  }
  return 'no error';
};

describe('leader election options', () => {
  it("defaults to client-go's 15 s / 10 s / 2 s", () => {
    expect(leaderElectionTimings(lease)).toEqual({
      leaseDurationMs: 15_000,
      renewDeadlineMs: 10_000,
      retryPeriodMs: 2_000,
    });
  });

  it('refuses a renew deadline not below the lease duration, and a retry period not below the renew deadline', () => {
    expect(codeOf(() => leaderElectionTimings({ ...lease, renewDeadlineMs: 15_000 }))).toMatch(
      /^INVALID_POLICY: .*renewDeadlineMs \(15000\) must be less than leaseDurationMs \(15000\)/,
    );
    expect(
      codeOf(() =>
        leaderElectionTimings({ ...lease, retryPeriodMs: 3_000, renewDeadlineMs: 2_000 }),
      ),
    ).toMatch(/^INVALID_POLICY: .*retryPeriodMs \(3000\) must be less than renewDeadlineMs/);
    expect(codeOf(() => leaderElectionTimings({ ...lease, leaseDurationMs: -1 }))).toMatch(
      /^INVALID_POLICY: .*leaseDurationMs must be a positive number/,
    );
    expect(codeOf(() => leaderElectionTimings({ ...lease, leaseName: '' }))).toMatch(
      /^INVALID_POLICY: .*leaseName/,
    );
  });

  it('validates when the controller is created, before anything connects', () => {
    expect(() =>
      createPausableController({
        resource: { group: 'example.com', version: 'v1', plural: 'widgets', kind: 'Widget' },
        pause: { labelKey: 'example.com/paused' },
        reconcile: async () => undefined,
        leaderElection: { ...lease, leaseDurationMs: 1_000 },
      }),
    ).toThrow(PauseError);
  });

  it('defaults the identity to the host name and a random suffix', () => {
    const connection = {} as KubeConnection;
    const a = createLeaderElector({ ...lease, connection, onChange: () => undefined });
    const b = createLeaderElector({ ...lease, connection, onChange: () => undefined });
    expect(a.identity).toMatch(/^.+_[0-9a-f]{8}$/);
    expect(a.identity).not.toBe(b.identity);
    expect(a.isLeader).toBe(false);
  });
});

/** An in-memory Lease endpoint with the API server's resourceVersion checks. */
function fakeLeaseServer() {
  let stored: { metadata: Record<string, unknown>; spec: Record<string, unknown> } | undefined;
  let version = 0;
  const calls: string[] = [];
  const fail = (kind: string, statusCode: number) =>
    new PauseApiError({ operation: 'lease', statusCode, body: { kind: 'Status', reason: kind } });
  const connection = {
    async send<T>(request: { method: string; body?: unknown }): Promise<T> {
      calls.push(request.method);
      const body = structuredClone(request.body) as typeof stored;
      if (request.method === 'GET') {
        if (!stored) throw fail('NotFound', 404);
        return structuredClone(stored) as T;
      }
      if (request.method === 'POST') {
        if (stored) throw fail('AlreadyExists', 409);
      } else if (body?.metadata.resourceVersion !== stored?.metadata.resourceVersion) {
        throw fail('Conflict', 409);
      }
      stored = { ...(body as NonNullable<typeof stored>) };
      stored.metadata = { ...stored.metadata, resourceVersion: String(++version) };
      return structuredClone(stored) as T;
    },
  } as unknown as KubeConnection;
  return {
    connection,
    calls,
    spec: () => stored?.spec,
    /** Another replica renews the Lease (a new record each time). */
    renewAs(holder: string) {
      stored = {
        metadata: { name: 'widgets', namespace: 'ops', resourceVersion: String(++version) },
        spec: { holderIdentity: holder, leaseDurationSeconds: 1, renewTime: String(version) },
      };
    },
  };
}

const fast = { ...lease, leaseDurationMs: 1_000, renewDeadlineMs: 400, retryPeriodMs: 50 };
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('the leader elector (in-memory Lease)', () => {
  it('creates the Lease, renews it, and hands over at once after a release', async () => {
    const server = fakeLeaseServer();
    const changes: string[] = [];
    const elector = (identity: string) =>
      createLeaderElector({
        ...fast,
        identity,
        connection: server.connection,
        onChange: (leading) => changes.push(`${identity} ${leading}`),
      });
    const a = elector('a');
    const b = elector('b');
    a.start();
    await vi.waitFor(() => expect(a.isLeader).toBe(true));
    b.start();
    await sleep(300);
    expect(b.isLeader).toBe(false);
    expect(server.spec()).toMatchObject({ holderIdentity: 'a', leaseTransitions: 0 });
    await a.stop({ release: true });
    expect(server.spec()).toMatchObject({ holderIdentity: '', leaseDurationSeconds: 1 });
    await vi.waitFor(() => expect(b.isLeader).toBe(true), { timeout: 500 });
    expect(server.spec()).toMatchObject({ holderIdentity: 'b', leaseTransitions: 1 });
    await b.stop();
    expect(server.spec()).toMatchObject({ holderIdentity: 'b' }); // no release asked
    expect(changes).toEqual(['a true', 'a false', 'b true', 'b false']);
  });

  it('never takes a Lease another replica keeps renewing; takes a stale one only after the lease duration on its own clock', async () => {
    const server = fakeLeaseServer();
    server.renewAs('ghost');
    const b = createLeaderElector({
      ...fast,
      identity: 'b',
      connection: server.connection,
      onChange: () => undefined,
    });
    b.start();
    for (let i = 0; i < 15; i++) {
      await sleep(100); // renewals every 100 ms, the lease says 1 s
      server.renewAs('ghost');
    }
    expect(b.isLeader).toBe(false);
    const staleSince = performance.now();
    await vi.waitFor(() => expect(b.isLeader).toBe(true), { timeout: 2_000 });
    expect(performance.now() - staleSince).toBeGreaterThanOrEqual(1_000 - 50);
    await b.stop({ release: true });
  });

  it('stops leading when it cannot renew within the renew deadline, then re-acquires', async () => {
    const server = fakeLeaseServer();
    const changes: boolean[] = [];
    const a = createLeaderElector({
      ...fast,
      identity: 'a',
      connection: server.connection,
      onChange: (leading) => changes.push(leading),
    });
    a.start();
    await vi.waitFor(() => expect(a.isLeader).toBe(true));
    const send = server.connection.send.bind(server.connection);
    let down = true;
    server.connection.send = (async (request: Parameters<typeof send>[0]) => {
      if (down) throw new PauseApiError({ operation: 'lease', cause: new Error('reset') });
      return send(request);
    }) as typeof send;
    const downSince = performance.now();
    await vi.waitFor(() => expect(a.isLeader).toBe(false), { timeout: 1_000 });
    expect(performance.now() - downSince).toBeLessThan(400 + 200);
    down = false;
    await vi.waitFor(() => expect(a.isLeader).toBe(true), { timeout: 1_000 });
    expect(changes).toEqual([true, false, true]);
    await a.stop();
  });
});
