import type { ProxyFault, RequestMatch } from '@pause/kube-harness';
import type { FaultControl, FaultTarget, InjectedFault } from '@pause/testing/conformance';
import type { TestResource } from './resource.ts';

/**
 * Which requests through the fault proxy an adapter call of the conformance suite makes:
 * `read` GETs an object of the resource, `writeMetadata` PATCHes it, `writeCondition` PATCHes
 * its `/status`, `recordEvent` POSTs an Event; watches are never matched.
 */
export function requestMatchOf(
  target: FaultTarget,
  resource: Pick<TestResource, 'plural'>,
): RequestMatch {
  return (request) => {
    if (request.watch) return false;
    const onObject = request.path.includes(`/${resource.plural}/`);
    const onStatus = onObject && request.path.endsWith('/status');
    const onEvents = request.path.endsWith('/events');
    switch (target) {
      case 'read':
        return request.method === 'GET' && onObject;
      case 'writeMetadata':
        return request.method === 'PATCH' && onObject && !onStatus;
      case 'writeCondition':
        return request.method === 'PATCH' && onStatus;
      case 'recordEvent':
        return request.method === 'POST' && onEvents;
      case 'any':
        return onObject || onEvents;
    }
  };
}

/** The proxy's answer for an injected fault of the conformance suite. */
export function proxyFaultOf(fault: InjectedFault): ProxyFault {
  if (fault.kind === 'network') return { kind: 'network' };
  const { statusCode, retryAfterSeconds } = fault;
  return retryAfterSeconds === undefined
    ? { kind: 'status', statusCode }
    : { kind: 'status', statusCode, retryAfterSeconds };
}

/** The conformance suite's {@link FaultControl}, made of a fault proxy in front of the adapter. */
export function proxyFaultControl(
  proxy: { failNext(match: RequestMatch, fault: ProxyFault, count?: number): void; clear(): void },
  resource: Pick<TestResource, 'plural'>,
): FaultControl {
  return {
    failNext: (target, fault, count) =>
      proxy.failNext(requestMatchOf(target, resource), proxyFaultOf(fault), count),
    clear: () => proxy.clear(),
  };
}
