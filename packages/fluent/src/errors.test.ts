import { PauseApiError } from '@pause/core';
import { describe, expect, it } from 'vitest';
import { callFluent, isFluentFailure, toFluentApiError } from './errors.ts';

/** What kfc's `fetch` resolves with for an HTTP error answer (k8sExec throws it as is). */
function answer(status: number, data: unknown, headers: Record<string, string> = {}) {
  return {
    data,
    ok: false,
    status,
    statusText: 'status text',
    headers: new Headers({ 'content-type': 'application/json', ...headers }),
  };
}

function statusBody(code: number, reason: string, message: string) {
  return { kind: 'Status', apiVersion: 'v1', status: 'Failure', code, reason, message };
}

describe('toFluentApiError', () => {
  it.each([
    [409, 'Conflict', 'the object has been modified', 'conflict'],
    // 1.20's bare answer to any JSON Patch it cannot apply: for our guarded patch, a lost race.
    [422, 'Invalid', 'the server rejected our request due to an error in our request', 'conflict'],
    [
      422,
      'Invalid',
      'the server rejected our request: testing value /metadata/resourceVersion failed: test failed',
      'conflict',
    ],
    [422, 'Invalid', 'spec.size: Invalid value', 'invalid'],
    [404, 'NotFound', 'widgets.example.com "w" not found', 'not-found'],
    [403, 'Forbidden', 'widgets is forbidden', 'forbidden'],
    [401, 'Unauthorized', 'Unauthorized', 'unauthorized'],
    [500, 'InternalError', 'etcd timeout', 'server'],
    [400, 'BadRequest', 'bad patch', 'invalid'],
  ])('maps HTTP %i %s to kind and keeps reason and message', (code, reason, message, kind) => {
    const thrown = answer(code, statusBody(code, reason, message));
    const error = toFluentApiError(thrown, 'patch status of widgets/w');
    expect(error).toBeInstanceOf(PauseApiError);
    expect(error.kind).toBe(kind);
    expect(error.statusCode).toBe(code);
    expect(error.reason).toBe(reason);
    expect(error.serverMessage).toBe(message);
    expect(error.cause).toBe(thrown);
    expect(error.message).toContain('patch status of widgets/w');
  });

  it('reads Retry-After from the undici Headers of a 429 and a 503', () => {
    const throttled = toFluentApiError(
      answer(429, statusBody(429, 'TooManyRequests', 'slow down'), { 'retry-after': '3' }),
      'get',
    );
    expect(throttled.kind).toBe('throttled');
    expect(throttled.retryAfterMs).toBe(3000);
    const unavailable = toFluentApiError(
      answer(503, statusBody(503, 'ServiceUnavailable', 'busy'), { 'retry-after': '1' }),
      'get',
    );
    expect(unavailable.kind).toBe('throttled');
    expect(unavailable.retryAfterMs).toBe(1000);
    expect(toFluentApiError(answer(503, 'busy'), 'get').kind).toBe('server');
  });

  it('keeps a text body (not JSON) as the server message', () => {
    const error = toFluentApiError(
      { ...answer(500, 'upstream connect error'), headers: new Headers() },
      'get',
    );
    expect(error.kind).toBe('server');
    expect(error.serverMessage).toBe('upstream connect error');
  });

  it("treats kfc's transport failure ({status: 400, e}, no headers) as network, not a 400", () => {
    const cause = new TypeError('fetch failed', { cause: { code: 'ECONNREFUSED' } });
    const thrown = {
      data: undefined,
      ok: false,
      status: 400,
      statusText: 'fetch failed',
      headers: new Headers(),
      e: cause,
    };
    const error = toFluentApiError(thrown, 'get widgets/w');
    expect(error.kind).toBe('network');
    expect(error.statusCode).toBeUndefined();
    expect(error.cause).toBe(cause);
  });

  it('keeps the HTTP status of a 2xx answer whose body could not be parsed', () => {
    const thrown = { ...answer(200, undefined), e: new SyntaxError('Unexpected token') };
    const error = toFluentApiError(thrown, 'get');
    expect(error.statusCode).toBe(200);
  });

  it("wraps kfc's own Errors with the error as cause, and passes PauseApiErrors through", () => {
    const own = new Error('Kind not specified for Widget');
    const wrapped = toFluentApiError(own, 'get');
    expect(wrapped.cause).toBe(own);
    expect(wrapped.statusCode).toBeUndefined();
    const typed = new PauseApiError({ statusCode: 409, operation: 'x' });
    expect(toFluentApiError(typed, 'y')).toBe(typed);
  });

  it('recognises only kfc failure objects', () => {
    expect(isFluentFailure(answer(404, {}))).toBe(true);
    expect(isFluentFailure(new Error('x'))).toBe(false);
    expect(isFluentFailure({ status: 'x' })).toBe(false);
    expect(isFluentFailure(null)).toBe(false);
  });
});

describe('callFluent', () => {
  it('returns the value of a call that succeeds', async () => {
    await expect(callFluent('get', async () => 42)).resolves.toBe(42);
  });

  it('rethrows a thrown kfc answer as a PauseApiError', async () => {
    const call = callFluent('get widgets/w', () =>
      Promise.reject(answer(404, statusBody(404, 'NotFound', 'gone'))),
    );
    await expect(call).rejects.toMatchObject({
      name: 'PauseApiError',
      kind: 'not-found',
      statusCode: 404,
    });
  });
});
