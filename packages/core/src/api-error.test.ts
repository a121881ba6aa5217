import { describe, expect, it } from 'vitest';
import { PauseApiError, toPauseApiError } from './api-error.ts';
import { PauseError } from './errors.ts';

const status = (reason: string, message: string) =>
  JSON.stringify({ kind: 'Status', apiVersion: 'v1', status: 'Failure', reason, message });

describe('PauseApiError', () => {
  it.each([
    [409, status('Conflict', 'the object has been modified'), undefined, 'conflict'],
    [
      422,
      status(
        'Invalid',
        'the server rejected our request due to an error in our request: testing value /metadata/resourceVersion failed',
      ),
      undefined,
      'conflict',
    ],
    [
      422,
      status(
        'Invalid',
        'Widget.example.com "w" is invalid: status.conditions[0].reason: Invalid value',
      ),
      undefined,
      'invalid',
    ],
    [404, status('NotFound', 'widgets.example.com "w" not found'), undefined, 'not-found'],
    [403, status('Forbidden', 'cannot patch resource'), undefined, 'forbidden'],
    [401, status('Unauthorized', 'Unauthorized'), undefined, 'unauthorized'],
    [429, status('TooManyRequests', 'slow down'), '3', 'throttled'],
    [503, status('ServiceUnavailable', 'later'), '1', 'throttled'],
    [503, status('ServiceUnavailable', 'later'), undefined, 'server'],
    [500, 'plain text body', undefined, 'server'],
    [undefined, undefined, undefined, 'unknown'],
  ] as const)('HTTP %s → %s', (statusCode, body, retryAfter, kind) => {
    const error = new PauseApiError({
      statusCode,
      body,
      retryAfter,
      operation: 'patch status of widgets/w',
    });
    expect(error.kind).toBe(kind);
    expect(error.code).toBe('API_ERROR');
    expect(error.message).toContain('patch status of widgets/w');
  });

  it.each([
    [409, true],
    [429, true],
    [500, true],
    [503, true],
    [undefined, true],
    [400, false],
    [401, false],
    [403, false],
    [404, false],
    [410, false],
  ] as const)('HTTP %s is retryable: %s', (statusCode, retryable) => {
    expect(new PauseApiError({ statusCode }).retryable).toBe(retryable);
  });

  it('keeps reason, server message, Retry-After and the cause', () => {
    const cause = new Error('client said no');
    const error = new PauseApiError({
      statusCode: 429,
      body: { reason: 'TooManyRequests', message: 'slow down' },
      retryAfter: '2',
      cause,
    });
    expect(error).toMatchObject({
      statusCode: 429,
      reason: 'TooManyRequests',
      serverMessage: 'slow down',
      retryAfterMs: 2000,
      cause,
    });
    expect(PauseApiError.isInstance(error)).toBe(true);
    expect(PauseError.isInstance(error)).toBe(true);
  });

  it('a network failure keeps the client error message', () => {
    const error = toPauseApiError(new Error('connect ECONNREFUSED 127.0.0.1:1'), 'get widgets/w');
    expect(error.kind).toBe('network');
    expect(error.message).toContain('ECONNREFUSED');
  });

  it.each([
    [Object.assign(new Error('connect failed'), { code: 'ECONNREFUSED' }), 'network'],
    [
      new TypeError('fetch failed', {
        cause: Object.assign(new Error('x'), { code: 'UND_ERR_SOCKET' }),
      }),
      'network',
    ],
    [Object.assign(new Error('bad cert'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }), 'network'],
    [new TypeError("Cannot read properties of undefined (reading 'kind')"), 'unknown'],
    [new Error('Kind not specified'), 'unknown'],
  ] as const)('no answer: %s → %s', (cause, kind) => {
    expect(toPauseApiError(cause).kind).toBe(kind);
  });

  it('is recognised across package copies by its marker, not instanceof', () => {
    const foreign = Object.assign(Object.create(null), {
      [Symbol.for('@pause/core.PauseError')]: true,
      code: 'API_ERROR',
      kind: 'conflict',
    });
    expect(PauseApiError.isInstance(foreign)).toBe(true);
    expect(PauseApiError.isInstance(new Error('x'))).toBe(false);
  });
});
