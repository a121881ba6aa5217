import { type KubeEndpoint, type KubeRequestOptions, kubeRequest } from '@pause/kube-harness';

/** A call made directly to the API server (as the user or another controller), never through the adapter. */
export async function direct<T = Record<string, unknown>>(
  endpoint: KubeEndpoint,
  options: KubeRequestOptions,
  expected: readonly number[] = [200, 201],
): Promise<T> {
  const res = await kubeRequest<T>(endpoint, options);
  if (!expected.includes(res.status)) {
    throw new Error(`${options.method ?? 'GET'} ${options.path}: HTTP ${res.status} ${res.text}`);
  }
  return res.body;
}

/** The same call, resolving with the HTTP status code and body, whatever they are. */
export function directRaw<T = Record<string, unknown>>(
  endpoint: KubeEndpoint,
  options: KubeRequestOptions,
) {
  return kubeRequest<T>(endpoint, options);
}

/** Polls `probe` until it returns a value (not `undefined`). */
export { eventually } from '@pause/kube-harness';
