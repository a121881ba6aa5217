import {
  type ConditionChange,
  type KubeObject,
  type MetadataWrite,
  PauseApiError,
  type PauseClient,
  type PauseOutcome,
} from '@pause/core';
import { describe, expect, it } from 'vitest';
import { RETRY_AFTER_CONFLICT_MS, reconcileWidget } from './reconcile-widget.ts';
import { newWidget } from './widget.ts';

/** A port whose condition write always loses the race (or fails otherwise). */
function failingClient(statusCode: number, body: unknown): PauseClient {
  return {
    read: async () => undefined,
    writeMetadata: async (_ref, _write: MetadataWrite) => ({}),
    writeCondition: async (_ref, _base: KubeObject, _change: ConditionChange) => {
      throw new PauseApiError({ statusCode, body });
    },
    recordEvent: async () => undefined,
  };
}

const ctx = (client: PauseClient) => ({
  client,
  selfPause: async (): Promise<PauseOutcome> => ({ action: 'gone', warnings: [] }),
  now: () => new Date('2026-01-01T00:00:00Z'),
});

describe('reconcileWidget', () => {
  it('a lost race on the Ready write asks to run again on the fresh object, without an error', async () => {
    const lostRace = failingClient(422, {
      reason: 'Invalid',
      message: 'the server rejected our request due to an error in our request',
    });
    await expect(
      reconcileWidget(newWidget('w', 'ns', { replicas: 1 }), ctx(lostRace)),
    ).resolves.toEqual({
      requeueAfterMs: RETRY_AFTER_CONFLICT_MS,
    });
  });

  it('any other failure is an error for the controller to back off on', async () => {
    const forbidden = failingClient(403, { reason: 'Forbidden', message: 'no' });
    await expect(
      reconcileWidget(newWidget('w', 'ns', { replicas: 1 }), ctx(forbidden)),
    ).rejects.toMatchObject({
      kind: 'forbidden',
    });
  });

  it('a self-pause that failed is an error (logged and retried), not a silent success', async () => {
    const error = new PauseApiError({
      statusCode: 403,
      body: { reason: 'Forbidden', message: 'no' },
    });
    const failedSelfPause = {
      ...ctx(failingClient(500, {})),
      selfPause: async (): Promise<PauseOutcome> => ({ action: 'requeue', error, warnings: [] }),
    };
    await expect(
      reconcileWidget(newWidget('w', 'ns', { replicas: 11 }), failedSelfPause),
    ).rejects.toBe(error);
  });
});
