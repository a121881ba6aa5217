import type { ObjectRef, PauseApiError } from '@pause/core';
import { PauseApiError as ApiError } from '@pause/core';
import type { FaultControl, FaultTarget, InjectedFault } from '../conformance/harness.ts';
import { statusError } from './api-status.ts';

/** One call of the {@link PauseClient} port, as fault rules and hooks see it. */
export interface FakeCall {
  operation: Exclude<FaultTarget, 'any'>;
  ref: ObjectRef;
}

/** Chooses calls to fail: returns true for the calls a fault applies to. */
export type CallPredicate = (call: FakeCall) => boolean;

/** Runs before a write is applied: the place where a second writer acts (between read and write). */
export type BeforeWriteHook = (call: FakeCall) => void | Promise<void>;

interface FaultRule {
  matches: CallPredicate;
  fault: InjectedFault;
  remaining: number;
}

interface HookRule {
  hook: BeforeWriteHook;
  remaining: number;
}

const STATUS_REASONS = {
  403: 'Forbidden',
  404: 'NotFound',
  409: 'Conflict',
  422: 'Invalid',
  429: 'TooManyRequests',
  500: 'InternalError',
  503: 'ServiceUnavailable',
} as const;

/**
 * The {@link PauseApiError} an injected fault becomes: a `metav1.Status` answer with its HTTP
 * status (and `Retry-After` for 429/503), or a network failure with no answer at all.
 */
export function faultError(fault: InjectedFault, operation: string): PauseApiError {
  if (fault.kind === 'network') {
    const cause = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6443'), {
      code: 'ECONNREFUSED',
    });
    return new ApiError({ operation, cause });
  }
  const reason = STATUS_REASONS[fault.statusCode];
  const message =
    fault.statusCode === 422
      ? 'the request is invalid: injected fault'
      : `injected fault: ${reason} (${fault.statusCode})`;
  return statusError(fault.statusCode, reason, message, operation, fault.retryAfterSeconds);
}

/**
 * Fault injection for the fake client: make the next N calls (or calls matching a predicate)
 * fail with an API status or a network error, add latency, or run a hook (a second writer)
 * before writes. Implements the conformance suite's {@link FaultControl}.
 */
export class FakeFaults implements FaultControl {
  #rules: FaultRule[] = [];
  #hooks: HookRule[] = [];
  #latency: (call: FakeCall) => number = () => 0;

  /** Make the next `count` calls of `target` fail with `fault`. */
  failNext(target: FaultTarget, fault: InjectedFault, count = 1): void {
    this.failWhen((call) => target === 'any' || call.operation === target, fault, count);
  }

  /** Make calls matching `predicate` fail with `fault` (`times` of them; default every one). */
  failWhen(predicate: CallPredicate, fault: InjectedFault, times = Number.POSITIVE_INFINITY): void {
    this.#rules.push({ matches: predicate, fault, remaining: times });
  }

  /** Delay every call by `ms` (or by what the function says for the call), in real time. */
  setLatency(ms: number | ((call: FakeCall) => number)): void {
    this.#latency = typeof ms === 'number' ? () => ms : ms;
  }

  /**
   * Run `hook` before the next `times` writes (default every write), after the caller read
   * the object: the way to simulate a second writer racing ours. Returns a function that
   * removes the hook.
   */
  onBeforeWrite(hook: BeforeWriteHook, times = Number.POSITIVE_INFINITY): () => void {
    const rule: HookRule = { hook, remaining: times };
    this.#hooks.push(rule);
    return () => {
      this.#hooks = this.#hooks.filter((r) => r !== rule);
    };
  }

  /** Remove all pending faults, hooks and latency. */
  clear(): void {
    this.#rules = [];
    this.#hooks = [];
    this.#latency = () => 0;
  }

  /** Faults not yet used up. */
  get pending(): number {
    return this.#rules.length;
  }

  /**
   * Called by the fake client before each call: waits the latency, runs the before-write
   * hooks (writes only), then throws the first matching fault, if any.
   */
  async intercept(call: FakeCall, operation: string): Promise<void> {
    const delay = this.#latency(call);
    if (delay > 0) await new Promise((resolve) => setTimeout(resolve, delay));
    if (call.operation === 'writeMetadata' || call.operation === 'writeCondition') {
      for (const rule of [...this.#hooks]) {
        rule.remaining -= 1;
        if (rule.remaining <= 0) this.#hooks = this.#hooks.filter((r) => r !== rule);
        await rule.hook(call);
      }
    }
    const rule = this.#rules.find((r) => r.matches(call));
    if (rule === undefined) return;
    rule.remaining -= 1;
    if (rule.remaining <= 0) this.#rules = this.#rules.filter((r) => r !== rule);
    throw faultError(rule.fault, operation);
  }
}
