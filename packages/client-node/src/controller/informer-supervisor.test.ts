import { describe, expect, it } from 'vitest';
import { describeFailure } from './informer-supervisor.ts';

describe('describeFailure', () => {
  it('names the path and selector of a failed list or watch, keeping the error as cause', () => {
    const forbidden = new Error('Forbidden');
    const described = describeFailure(forbidden, '/apis/demo.pause.dev/v1/widgets', 'shard=b');
    expect(described.message).toBe(
      'list or watch of /apis/demo.pause.dev/v1/widgets?labelSelector=shard=b failed: Forbidden',
    );
    expect(described.cause).toBe(forbidden);
    expect(describeFailure('reset', '/api/v1/namespaces', undefined).message).toBe(
      'list or watch of /api/v1/namespaces failed: reset',
    );
  });
});
