import { PauseError } from './errors.ts';

/** What kind of failure an API call met; decides how the reconcile goes on. */
export type ApiFailureKind =
  /** 409, or a failed JSON Patch `test` (422): someone else wrote first. Re-read and retry. */
  | 'conflict'
  /** 404 / 410 on the object: it is gone. Stop and forget it. */
  | 'not-found'
  /** 401. */
  | 'unauthorized'
  /** 403: RBAC denies the call. */
  | 'forbidden'
  /** 400 / 415 / 422 (not a failed `test`): the request itself is wrong. */
  | 'invalid'
  /** 429, or 503 with `Retry-After`: the server asks to come back later. */
  | 'throttled'
  /** 5xx. */
  | 'server'
  /** No HTTP answer: refused, reset, timed out, TLS failure (a transport error code). */
  | 'network'
  /** Anything else without an HTTP answer, e.g. a programming error in the caller. */
  | 'unknown';

/** Fields an adapter knows about a failed API call. */
export interface ApiFailureInit {
  /** HTTP status code, when there was an answer. */
  statusCode?: number;
  /** The response body: a `metav1.Status` object or its JSON text. */
  body?: unknown;
  /** `Retry-After` header value (seconds or an HTTP date), when present. */
  retryAfter?: string | number | null;
  /** What the adapter was doing, e.g. `patch status of widgets/demo`. */
  operation?: string;
  /** The client's own error, kept as `cause`. */
  cause?: unknown;
}

interface StatusBody {
  reason?: string;
  message?: string;
}

function parseStatusBody(body: unknown): StatusBody {
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      return body.trim() ? { message: body.trim().slice(0, 2000) } : {};
    }
  }
  if (typeof value !== 'object' || value === null) return {};
  const { reason, message } = value as Record<string, unknown>;
  return {
    ...(typeof reason === 'string' ? { reason } : {}),
    ...(typeof message === 'string' ? { message } : {}),
  };
}

function retryAfterMs(value: ApiFailureInit['retryAfter']): number | undefined {
  if (value === undefined || value === null || value === '') return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return Math.round(seconds * 1000);
  return undefined; // HTTP-date form needs a clock; the caller's backoff applies instead.
}

/**
 * The message kube-apiserver (1.20 and later) gives for ANY JSON Patch it cannot apply,
 * a failed `test` included; schema validation failures read `<Kind> "<name>" is invalid: …`.
 */
const UNAPPLIABLE_JSON_PATCH = 'the server rejected our request due to an error in our request';

/**
 * True when a 422 answer is a JSON Patch that could not be applied. Pause's condition patches
 * (`conditionJsonPatch`) test the resourceVersion and each touched entry before editing, so
 * for them this means another writer got there first: a lost optimistic lock, not bad input.
 */
function isFailedTest(message: string | undefined): boolean {
  if (message === undefined) return false;
  return (
    message.startsWith(UNAPPLIABLE_JSON_PATCH) || /test(ing)? .*fail|test operation/i.test(message)
  );
}

const TRANSPORT_CODE =
  /^(E(CONN(REFUSED|RESET|ABORTED)|TIMEDOUT|PIPE|NOTFOUND|AI_AGAIN|HOSTUNREACH|NETUNREACH|PROTO)|UND_ERR_|ERR_TLS_|ERR_SSL_|ERR_SOCKET_|ERR_STREAM_PREMATURE_CLOSE|CERT_|DEPTH_ZERO_SELF_SIGNED_CERT|UNABLE_TO_VERIFY_LEAF_SIGNATURE|SELF_SIGNED_CERT)/;
const TRANSPORT_MESSAGE = /fetch failed|socket hang up|other side closed|ECONN|ETIMEDOUT|network/i;

/** True when `cause` (or an error it wraps) is a failure to reach the server at all. */
function isTransportFailure(cause: unknown, depth = 0): boolean {
  if (typeof cause !== 'object' || cause === null || depth > 4) return false;
  const { code, message } = cause as { code?: unknown; message?: unknown };
  if (typeof code === 'string' && TRANSPORT_CODE.test(code)) return true;
  if (typeof message === 'string' && TRANSPORT_MESSAGE.test(message)) return true;
  return isTransportFailure((cause as { cause?: unknown }).cause, depth + 1);
}

/** Kinds another attempt may fix; the others (RBAC, auth, a bad request, a gone object) are permanent. */
const RETRYABLE: ReadonlySet<ApiFailureKind> = new Set([
  'conflict',
  'throttled',
  'server',
  'network',
  'unknown',
]);

function classify(
  status: number | undefined,
  body: StatusBody,
  retryMs: number | undefined,
  cause: unknown,
): ApiFailureKind {
  if (status === undefined) return isTransportFailure(cause) ? 'network' : 'unknown';
  if (status === 409) return 'conflict';
  if (status === 422 && isFailedTest(body.message)) return 'conflict';
  if (status === 404 || status === 410) return 'not-found';
  if (status === 401) return 'unauthorized';
  if (status === 403) return 'forbidden';
  if (status === 429 || (status === 503 && retryMs !== undefined)) return 'throttled';
  if (status === 400 || status === 415 || status === 422) return 'invalid';
  if (status >= 500) return 'server';
  return 'unknown';
}

/**
 * An API call failed. `kind` says what to do about it; `statusCode`, `reason` (the Kubernetes
 * `metav1.Status` reason, e.g. `Conflict`) and the server's `message` are kept, and the
 * client's own error is the `cause`.
 */
export class PauseApiError extends PauseError {
  readonly kind: ApiFailureKind;
  readonly statusCode: number | undefined;
  readonly reason: string | undefined;
  readonly serverMessage: string | undefined;
  /** Milliseconds the server asked to wait (`Retry-After`), when it did. */
  readonly retryAfterMs: number | undefined;
  /**
   * True when another attempt may succeed: a lost race, throttling, a 5xx, no answer, or an
   * unclassified failure. False for 401, 403, 404/410 and invalid requests: retrying cannot help.
   * How long to wait is `retryDelayMs` of `@pause/core/adapter`.
   */
  readonly retryable: boolean;

  constructor(init: ApiFailureInit) {
    const body = parseStatusBody(init.body);
    const retryMs = retryAfterMs(init.retryAfter);
    const kind = classify(init.statusCode, body, retryMs, init.cause);
    const what = init.operation ? `${init.operation}: ` : '';
    const code = init.statusCode === undefined ? 'no response' : `HTTP ${init.statusCode}`;
    const detail =
      body.message ?? (init.cause instanceof Error ? init.cause.message : undefined) ?? kind;
    super('API_ERROR', `${what}${code}${body.reason ? ` ${body.reason}` : ''}: ${detail}`, {
      cause: init.cause,
    });
    this.name = 'PauseApiError';
    this.kind = kind;
    this.statusCode = init.statusCode;
    this.reason = body.reason;
    this.serverMessage = body.message;
    this.retryAfterMs = retryMs;
    this.retryable = RETRYABLE.has(kind);
  }

  /** True for any `PauseApiError`, even from another copy of this package. */
  static override isInstance(value: unknown): value is PauseApiError {
    return PauseError.isInstance(value) && value.code === 'API_ERROR' && 'kind' in value;
  }
}

/** `error` as a {@link PauseApiError}: kept when it already is one, wrapped as `unknown` otherwise. */
export function toPauseApiError(error: unknown, operation?: string): PauseApiError {
  if (PauseApiError.isInstance(error)) return error;
  return new PauseApiError({ operation, cause: error });
}
