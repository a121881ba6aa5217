import { createPausePolicy, type KubeObject, refOf, runPause } from '@pause/core';
import { afterAll, expect, it } from 'vitest';
import { type ClientNodeHarness, createClientNodeHarness } from './harness.ts';

let harness: ClientNodeHarness | undefined;
afterAll(async () => {
  await harness?.cleanup();
});

it('the README example pauses and resumes a real custom resource', async () => {
  harness = await createClientNodeHarness({
    strategy: 'json-patch',
    namespaced: true,
    faults: false,
  });
  const { client } = harness;
  const ref = refOf(await harness.createObject());
  const policy = createPausePolicy({ labelKey: 'example.com/paused' });
  const pass = async () =>
    runPause(client, (await client.read(ref)) as KubeObject, policy, { now: Date.now() });

  await client.writeMetadata(ref, {
    kind: 'metadata',
    labels: { 'example.com/paused': 'maintenance' },
  });
  expect((await pass()).action).toBe('stop');
  const paused = (await harness.getObject(ref))?.status as {
    conditions: Array<{ type: string; status: string }>;
  };
  expect(paused.conditions).toContainEqual(
    expect.objectContaining({ type: 'Paused', status: 'True' }),
  );

  await client.writeMetadata(ref, { kind: 'metadata', labels: { 'example.com/paused': null } });
  expect((await pass()).action).toBe('continue');
  const resumed = (await harness.getObject(ref))?.status as { conditions: Array<{ type: string }> };
  expect(resumed.conditions.map((entry) => entry.type)).not.toContain('Paused');
  expect((await harness.listEvents(ref)).map((event) => event.reason)).toEqual([
    'Paused',
    'Resumed',
  ]);
});
