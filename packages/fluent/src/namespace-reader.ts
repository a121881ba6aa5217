import { type KubeObject, PauseError, type PausePolicy } from '@pause/core';
import type { KubeConnection } from '@pause/http';
import type { WithPauseOptions } from './with-pause-options.ts';

/**
 * How `withPause` reads a Namespace: `options.readNamespace`, else a GET through the
 * connection pool (its own client's, or `options.connection`); 404 is `undefined`. Throws
 * `PauseError` at construction when the policy has `namespaceLabelKey` and no way to read.
 */
export function namespaceReader(
  policy: PausePolicy,
  options: WithPauseOptions,
  ownClient: { connection: KubeConnection } | undefined,
): (name: string) => Promise<KubeObject | undefined> {
  if (options.readNamespace) return options.readNamespace;
  const connection = ownClient?.connection ?? options.connection;
  if (!connection) {
    if (policy.namespaceLabelKey === undefined) {
      return async () => undefined;
    }
    throw new PauseError(
      'INVALID_POLICY',
      'withPause: namespaceLabelKey needs a way to read Namespaces: give `connection` or `readNamespace` with your `client`',
    );
  }
  return async (name) => {
    try {
      return await connection.send<KubeObject>({
        method: 'GET',
        path: `/api/v1/namespaces/${encodeURIComponent(name)}`,
        operation: `get namespace ${name}`,
      });
    } catch (error) {
      if ((error as { statusCode?: unknown }).statusCode === 404) return undefined;
      throw error;
    }
  };
}
