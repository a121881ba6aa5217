import { ApiException } from '@kubernetes/client-node';
import { PauseApiError } from '@pause/core';
import { describe, expect, it } from 'vitest';
import { callApi, toClientNodeApiError } from './errors.ts';

const status = (code: number, reason: string, message: string) =>
  JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message });

describe('toClientNodeApiError', () => {
  it.each([
    [409, 'Conflict', 'the object has been modified', 'conflict'],
    [
      422,
      'Invalid',
      'the server rejected our request due to an error in our request: testing value /metadata/resourceVersion failed',
      'conflict',
    ],
    [422, 'Invalid', 'spec.replicas: Invalid value', 'invalid'],
    [404, 'NotFound', 'widgets.example.com "a" not found', 'not-found'],
    [403, 'Forbidden', 'widgets.example.com is forbidden', 'forbidden'],
    [401, 'Unauthorized', 'Unauthorized', 'unauthorized'],
    [500, 'InternalError', 'etcd timeout', 'server'],
  ])('maps HTTP %i %s to kind %s', (code, reason, message, kind) => {
    const cause = new ApiException(code, 'failed', status(code, reason, message), {});
    const error = toClientNodeApiError(cause, 'patch status of widgets/a');
    expect(error).toBeInstanceOf(PauseApiError);
    expect(error.kind).toBe(kind);
    expect(error.statusCode).toBe(code);
    expect(error.reason).toBe(reason);
    expect(error.serverMessage).toBe(message);
    expect(error.cause).toBe(cause);
    expect(error.message).toContain('patch status of widgets/a');
  });

  it('keeps Retry-After of a 429, whatever the header case', () => {
    const cause = new ApiException(429, 'x', status(429, 'TooManyRequests', 'slow down'), {
      'Retry-After': '3',
    });
    const error = toClientNodeApiError(cause, 'get widgets/a');
    expect(error.kind).toBe('throttled');
    expect(error.retryAfterMs).toBe(3000);
  });

  it('treats a 503 with Retry-After as throttled and without it as a server error', () => {
    const body = status(503, 'ServiceUnavailable', 'busy');
    expect(
      toClientNodeApiError(new ApiException(503, 'x', body, { 'retry-after': '1' }), 'op').kind,
    ).toBe('throttled');
    expect(toClientNodeApiError(new ApiException(503, 'x', body, {}), 'op').kind).toBe('server');
  });

  it('maps a fetch failure to kind network with the cause kept', () => {
    const cause = new TypeError('fetch failed', {
      cause: Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' }),
    });
    const error = toClientNodeApiError(cause, 'get widgets/a');
    expect(error.kind).toBe('network');
    expect(error.statusCode).toBeUndefined();
    expect(error.cause).toBe(cause);
  });

  it('keeps an existing PauseApiError as is', () => {
    const original = new PauseApiError({ statusCode: 409 });
    expect(toClientNodeApiError(original, 'op')).toBe(original);
  });
});

describe('callApi', () => {
  it('returns the value of a successful call', async () => {
    await expect(callApi('op', async () => 42)).resolves.toBe(42);
  });

  it('rethrows a failure as PauseApiError', async () => {
    const failing = callApi('op', async () => {
      throw new ApiException(404, 'x', status(404, 'NotFound', 'gone'), {});
    });
    await expect(failing).rejects.toMatchObject({ name: 'PauseApiError', kind: 'not-found' });
  });
});
