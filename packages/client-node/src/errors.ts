import { PauseApiError } from '@pause/core';

/** The fields of client-node's `ApiException` (`code`, `body`, `headers`) that we read. */
interface ApiExceptionLike {
  code: number;
  body: unknown;
  headers: Record<string, string>;
}

function isApiException(error: unknown): error is ApiExceptionLike {
  return (
    typeof error === 'object' &&
    error !== null &&
    typeof (error as { code?: unknown }).code === 'number' &&
    'body' in error &&
    typeof (error as { headers?: unknown }).headers === 'object'
  );
}

/** A header of an `ApiException`, looked up case-insensitively. */
function headerOf(headers: Record<string, string> | undefined, name: string): string | undefined {
  if (!headers) return undefined;
  const wanted = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === wanted) return value;
  }
  return undefined;
}

/**
 * Translates what a client-node call threw into a typed {@link PauseApiError}: an
 * `ApiException` keeps its HTTP status code, the `metav1.Status` `reason` and `message` parsed
 * from its body, and its `Retry-After` header; a fetch failure (refused, reset, TLS) becomes
 * kind `network`. The original error is always the `cause`.
 */
export function toClientNodeApiError(error: unknown, operation: string): PauseApiError {
  if (PauseApiError.isInstance(error)) return error;
  if (isApiException(error)) {
    return new PauseApiError({
      statusCode: error.code,
      body: error.body,
      retryAfter: headerOf(error.headers, 'retry-after') ?? null,
      operation,
      cause: error,
    });
  }
  // Watch errors carry `statusCode`; everything else without a status is a network failure.
  const statusCode = (error as { statusCode?: unknown } | null)?.statusCode;
  return new PauseApiError({
    ...(typeof statusCode === 'number' ? { statusCode } : {}),
    operation,
    cause: error,
  });
}

/** Runs a client-node call and rethrows its failure as {@link toClientNodeApiError}. */
export async function callApi<T>(operation: string, call: () => Promise<T>): Promise<T> {
  try {
    return await call();
  } catch (error) {
    throw toClientNodeApiError(error, operation);
  }
}
