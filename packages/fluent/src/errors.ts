import { PauseApiError } from '@pause/core';

/** What kubernetes-fluent-client throws for a failed call: its `fetch` result, not an `Error`. */
export interface FluentFailure {
  status: number;
  statusText?: string;
  data?: unknown;
  ok?: boolean;
  /** undici's `Headers` of the answer (empty when there was none). */
  headers?: { get(name: string): string | null; forEach?: unknown };
  /** Set by kfc's `fetch` when undici threw (no answer, or an unreadable body). */
  e?: unknown;
}

/** True for the `{status, statusText, data}` objects kubernetes-fluent-client throws. */
export function isFluentFailure(value: unknown): value is FluentFailure {
  return (
    typeof value === 'object' &&
    value !== null &&
    !(value instanceof Error) &&
    typeof (value as { status?: unknown }).status === 'number' &&
    ('statusText' in value || 'data' in value)
  );
}

function headerCount(headers: FluentFailure['headers']): number {
  let count = 0;
  if (headers && typeof headers.forEach === 'function') {
    (headers as unknown as Headers).forEach(() => {
      count++;
    });
  }
  return count;
}

/**
 * kfc's `fetch` turns a transport failure (refused, reset, TLS) into `{status: 400, e}` with
 * no response headers: that is no HTTP answer at all, so it must not read as a 400.
 */
function isTransportFailure(failure: FluentFailure): boolean {
  return failure.e !== undefined && headerCount(failure.headers) === 0;
}

/**
 * Translates what a kubernetes-fluent-client call threw into the typed {@link PauseApiError}
 * every adapter uses: a `{status, statusText, data}` answer keeps its HTTP status, the
 * `metav1.Status` `reason` and `message` from `data`, and `Retry-After`; a transport failure
 * becomes kind `network`; anything else (kfc's own `Error`s) is `unknown`. The thrown value is
 * kept as `cause`.
 */
export function toFluentApiError(thrown: unknown, operation: string): PauseApiError {
  if (PauseApiError.isInstance(thrown)) return thrown;
  if (isFluentFailure(thrown)) {
    if (isTransportFailure(thrown)) {
      return new PauseApiError({ operation, cause: thrown.e ?? thrown });
    }
    return new PauseApiError({
      statusCode: thrown.status,
      body: thrown.data ?? thrown.statusText,
      retryAfter: thrown.headers?.get('retry-after') ?? null,
      operation,
      cause: thrown,
    });
  }
  return new PauseApiError({ operation, cause: thrown });
}

/** Runs a kubernetes-fluent-client call and rethrows its failure as {@link toFluentApiError}. */
export async function callFluent<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (thrown) {
    throw toFluentApiError(thrown, operation);
  }
}
