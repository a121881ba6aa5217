import type { PauseClient } from '@pause/core/adapter';
import type { ProxyFault, RequestMatch } from '@pause/kube-harness';
import type { ConformanceHarness, FaultControl } from '@pause/testing/conformance';
import { proxyFaultControl } from './fault-targets.ts';
import { createTestObjects, type TestObjects, type TestObjectsOptions } from './test-objects.ts';

/** Options of {@link createConformanceHarness}. */
export interface ConformanceHarnessOptions<C extends PauseClient> extends TestObjectsOptions {
  /** The adapter under test, built by the test. */
  client: C;
  /** The fault proxy the adapter goes through: gives the harness its `faults`. */
  proxy?: { failNext(match: RequestMatch, fault: ProxyFault, count?: number): void; clear(): void };
  /** Faults injected some other way (e.g. in-process by the client); wins over `proxy`. */
  faults?: FaultControl;
  /** Closed in order by `cleanup()`, after the objects are gone (e.g. the client, the proxy). */
  closeOnCleanup?: ReadonlyArray<{ close(): unknown }>;
}

/** A {@link ConformanceHarness} on the real server, keeping the adapter's own client type. */
export interface RealClusterHarness<C extends PauseClient> extends ConformanceHarness, TestObjects {
  client: C;
}

/**
 * The {@link ConformanceHarness} of an adapter on the real API server: the adapter (built by
 * the test, possibly through the fault proxy) is under test; the user and the other controller
 * are {@link TestObjects} acting directly on the server.
 */
export async function createConformanceHarness<C extends PauseClient>(
  options: ConformanceHarnessOptions<C>,
): Promise<RealClusterHarness<C>> {
  const objects = await createTestObjects(options);
  const faults =
    options.faults ?? (options.proxy && proxyFaultControl(options.proxy, options.resource));
  return {
    ...objects,
    client: options.client,
    ...(faults ? { faults } : {}),
    async cleanup() {
      faults?.clear();
      await objects.cleanup();
      for (const owned of options.closeOnCleanup ?? []) await owned.close();
    },
  };
}
