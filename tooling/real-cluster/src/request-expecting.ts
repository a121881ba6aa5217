import { type KubeEndpoint, type KubeRequestOptions, kubeRequest } from '@pause/kube-harness';

/**
 * One {@link kubeRequest} whose answer must have one of the `expected` HTTP statuses (default
 * 200 and 201); resolves with the parsed body, throws `METHOD path: HTTP status text` otherwise.
 */
export async function kubeRequestExpecting<T = Record<string, unknown>>(
  endpoint: KubeEndpoint,
  options: KubeRequestOptions,
  expected: readonly number[] = [200, 201],
): Promise<T> {
  const response = await kubeRequest<T>(endpoint, options);
  if (!expected.includes(response.status)) {
    const method = options.method ?? (options.body === undefined ? 'GET' : 'POST');
    throw new Error(`${method} ${options.path}: HTTP ${response.status} ${response.text}`);
  }
  return response.body;
}
