/**
 * Shared helpers of the reliability suite (issue 13): test/integration/reliability-*.test.ts.
 * Short versions always run; `PAUSE_RELIABILITY_LONG=1` runs the long ones.
 */
import type { KubeObject, ObjectRef } from '@pause/core';
import type { FaultProxy, ProxiedRequest } from '@pause/kube-harness';

/** Long versions of the scenarios (`PAUSE_RELIABILITY_LONG=1`). */
export const LONG = process.env.PAUSE_RELIABILITY_LONG === '1';

/** `short` normally, `long` with `PAUSE_RELIABILITY_LONG=1`. */
export function scale<T>(short: T, long: T): T {
  return LONG ? long : short;
}

export const LABEL = 'pause.test/paused';

type Entry = { type?: unknown; status?: unknown; message?: unknown } & Record<string, unknown>;

/** `status.conditions` of an object ([] when absent or malformed). */
export function conditionsOf(object: KubeObject | undefined): Entry[] {
  const list = (object?.status as { conditions?: unknown } | undefined)?.conditions;
  return Array.isArray(list) ? (list as Entry[]) : [];
}

/** The `Paused` condition's status, or `undefined` when there is none. */
export function pausedStatus(object: KubeObject | undefined): string | undefined {
  return conditionsOf(object).find((entry) => entry.type === 'Paused')?.status as
    | string
    | undefined;
}

/** Whether the pause label is on the object. */
export function labelled(object: KubeObject | undefined): boolean {
  return object?.metadata?.labels?.[LABEL] !== undefined;
}

/** The object shows what its label says: `Paused=True` when labelled, no condition otherwise. */
export function settled(object: KubeObject | undefined): boolean {
  return labelled(object) ? pausedStatus(object) === 'True' : pausedStatus(object) === undefined;
}

export const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Retries `action` (every 200 ms) while the server is unreachable or failing, for writes the
 * test makes as the user while the API server or etcd is down; gives up after `timeoutMs`.
 */
export async function persistently<T>(
  what: string,
  action: () => Promise<T>,
  timeoutMs = 180_000,
): Promise<{ value: T; failures: number }> {
  const deadline = Date.now() + timeoutMs;
  let failures = 0;
  for (;;) {
    try {
      return { value: await action(), failures };
    } catch (error) {
      failures++;
      if (Date.now() > deadline) {
        throw new Error(`${what}: still failing after ${timeoutMs} ms: ${String(error)}`);
      }
      await sleep(200);
    }
  }
}

/** Runs `work` on every item with at most `concurrency` at once. */
export async function pool<T>(
  items: readonly T[],
  concurrency: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const worker = async () => {
    for (;;) {
      const index = next++;
      if (index >= items.length) return;
      await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}

/** A request seen by the fault proxy, with its arrival time (ms, `performance.now()`). */
export interface LoggedRequest extends ProxiedRequest {
  at: number;
}

/**
 * Logs every request through `proxy` (a pending fault whose matcher records and never
 * matches). Register it before any other fault: the proxy checks pending faults in order.
 */
export function logRequests(proxy: FaultProxy): LoggedRequest[] {
  const log: LoggedRequest[] = [];
  proxy.failNext(
    (request) => {
      log.push({ ...request, at: performance.now() });
      return false;
    },
    { kind: 'network' },
    Number.MAX_SAFE_INTEGER,
  );
  return log;
}

/** `/status` PATCHes of one object in a request log. */
export function statusPatches(log: readonly LoggedRequest[], ref: ObjectRef): LoggedRequest[] {
  return log.filter((r) => r.method === 'PATCH' && r.path.endsWith(`/${ref.name}/status`));
}

/** Gaps (ms) between consecutive entries. */
export function gaps(entries: readonly { at: number }[]): number[] {
  return entries.slice(1).map((entry, i) => entry.at - (entries[i] as { at: number }).at);
}

/** One line of figures for RELIABILITY.md, easy to grep out of the test output. */
export function report(scenario: string, figures: Record<string, unknown>): void {
  console.log(`[reliability] ${scenario}: ${JSON.stringify(figures)}`);
}
