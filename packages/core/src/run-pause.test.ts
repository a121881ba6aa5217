import { describe, expect, it } from 'vitest';
import { condition, LABEL, NOW, OWNER, policy, widget } from '../test/fixtures.ts';
import { MemoryClient } from '../test/memory-client.ts';
import { PauseApiError } from './api-error.ts';
import { runPause, runSelfPause } from './run-pause.ts';

type Stored = { conditions: Array<{ type: string; status: string; reason: string }> };
const conditionsOf = (client: MemoryClient) =>
  (client.object?.status as Stored | undefined)?.conditions ?? [];

describe('runPause', () => {
  it('pauses: one status write, one event, stop', async () => {
    const client = new MemoryClient(widget({ labels: { [LABEL]: '' } }));
    const outcome = await runPause(client, widget({ labels: { [LABEL]: '' } }), policy(), {
      now: NOW,
    });
    expect(outcome.action).toBe('stop');
    expect(client.calls).toEqual(['writeCondition', 'recordEvent']);
    expect(conditionsOf(client)).toMatchObject([{ type: 'Paused', status: 'True' }]);
  });

  it('steady state: no call at all', async () => {
    const client = new MemoryClient(widget({ labels: { [LABEL]: '' } }));
    const first = await runPause(client, widget({ labels: { [LABEL]: '' } }), policy(), {
      now: NOW,
    });
    if (first.action !== 'stop') throw new Error('expected stop');
    client.calls = [];
    const second = await runPause(client, first.object, policy(), { now: NOW + 1 });
    expect(second.action).toBe('stop');
    expect(client.calls).toEqual([]);
  });

  it("lost race: another writer's condition lands between read and write; re-read, re-decide, both kept", async () => {
    const stale = widget({ labels: { [LABEL]: '' }, conditions: [] });
    const client = new MemoryClient(stale);
    let raced = false;
    client.beforeConditionWrite = () => {
      if (raced || !client.object) return;
      raced = true;
      const other = { ...client.object, status: { conditions: [condition('OtherReady')] } };
      client.object = { ...other, metadata: { ...other.metadata, resourceVersion: '99' } };
    };
    const outcome = await runPause(client, stale, policy(), { now: NOW });
    expect(outcome.action).toBe('stop');
    expect(client.calls).toEqual(['writeCondition', 'read', 'writeCondition', 'recordEvent']);
    expect(conditionsOf(client).map((c) => c.type)).toEqual(['OtherReady', 'Paused']);
  });

  it('gives up after maxConflictRetries with a requeue carrying the conflict', async () => {
    const o = widget({ labels: { [LABEL]: '' } });
    const client = new MemoryClient(o);
    for (let i = 0; i < 3; i++) {
      client.failures.push({
        call: 'writeCondition',
        error: new PauseApiError({ statusCode: 409 }),
      });
    }
    const outcome = await runPause(client, o, policy(), { now: NOW, maxConflictRetries: 2 });
    expect(outcome.action).toBe('requeue');
    expect(outcome.action === 'requeue' && outcome.error.kind).toBe('conflict');
  });

  it.each([
    [403, undefined, 'requeue', undefined],
    [429, '7', 'requeue', 7000],
    [500, undefined, 'requeue', undefined],
    [404, undefined, 'gone', undefined],
  ] as const)(
    'a %s on the status write → %s (retryAfterMs %s)',
    async (statusCode, retryAfter, action, retryMs) => {
      const o = widget({ labels: { [LABEL]: '' } });
      const client = new MemoryClient(o);
      client.failures.push({
        call: 'writeCondition',
        error: new PauseApiError({ statusCode, retryAfter }),
      });
      const outcome = await runPause(client, o, policy(), { now: NOW });
      expect(outcome.action).toBe(action);
      if (outcome.action === 'requeue') {
        expect(outcome.error.statusCode).toBe(statusCode);
        expect(outcome.retryAfterMs).toBe(retryMs);
      }
      expect(client.events).toEqual([]);
    },
  );

  it('a thrown non-API error becomes a requeue of kind unknown/network, never a crash', async () => {
    const o = widget({ labels: { [LABEL]: '' } });
    const client = new MemoryClient(o);
    client.failures.push({ call: 'writeCondition', error: new Error('socket hang up') });
    const outcome = await runPause(client, o, policy(), { now: NOW });
    expect(outcome.action).toBe('requeue');
    expect(outcome.action === 'requeue' && outcome.error.message).toContain('socket hang up');
  });

  it('an event failure is a warning; the outcome stands', async () => {
    const o = widget({ labels: { [LABEL]: '' } });
    const client = new MemoryClient(o);
    client.failures.push({ call: 'recordEvent', error: new PauseApiError({ statusCode: 403 }) });
    const outcome = await runPause(client, o, policy(), { now: NOW });
    expect(outcome.action).toBe('stop');
    expect(outcome.warnings.map((w) => w.code)).toEqual(['EVENT_FAILED']);
  });

  it('expiry: the label goes first, then the condition; continue', async () => {
    const o = widget({
      labels: { [LABEL]: '' },
      annotations: { 'example.com/pause-until': '2025-01-01T00:00:00Z' },
      conditions: [condition('Paused', 'True', { reason: 'PausedByLabel' })],
    });
    const client = new MemoryClient(o);
    const outcome = await runPause(client, o, policy(), { now: NOW });
    expect(outcome.action).toBe('continue');
    expect(client.calls).toEqual(['writeMetadata', 'writeCondition', 'recordEvent']);
    expect(client.object?.metadata?.labels).toBeUndefined();
    expect(client.events.map((e) => e.reason)).toEqual(['PauseExpired']);
  });
});

describe('runSelfPause', () => {
  it('label first, then condition', async () => {
    const client = new MemoryClient(widget());
    const outcome = await runSelfPause(
      client,
      widget(),
      policy(),
      { reason: 'JobFailed', message: 'x' },
      { now: NOW },
    );
    expect(outcome.action).toBe('stop');
    expect(client.calls).toEqual(['writeMetadata', 'writeCondition', 'recordEvent']);
    expect(client.object?.metadata?.labels).toEqual({ [LABEL]: OWNER });
  });

  it('if the condition write fails the label stays, and the next pass completes the pause', async () => {
    const client = new MemoryClient(widget());
    client.failures.push({ call: 'writeCondition', error: new PauseApiError({ statusCode: 500 }) });
    const failed = await runSelfPause(
      client,
      widget(),
      policy(),
      { reason: 'JobFailed', message: 'x' },
      { now: NOW },
    );
    expect(failed.action).toBe('requeue');
    expect(client.object?.metadata?.labels).toEqual({ [LABEL]: OWNER });
    const current = await client.read();
    const next = await runPause(client, current ?? widget(), policy(), { now: NOW + 1000 });
    expect(next.action).toBe('stop');
    expect(conditionsOf(client)).toMatchObject([
      { type: 'Paused', status: 'True', reason: 'PausedByController' },
    ]);
  });

  it('if the label write fails nothing is written', async () => {
    const client = new MemoryClient(widget());
    client.failures.push({ call: 'writeMetadata', error: new PauseApiError({ statusCode: 403 }) });
    const outcome = await runSelfPause(
      client,
      widget(),
      policy(),
      { reason: 'R', message: 'm' },
      { now: NOW },
    );
    expect(outcome.action).toBe('requeue');
    expect(client.calls).toEqual(['writeMetadata']);
    expect(client.object?.status).toBeUndefined();
  });
});
