// The API-server harness: requests against the real kube-apiserver the global setup started.
export {
  installCrd,
  type KubeEndpoint,
  type KubeResponse,
  kubeRequest,
  testCrd,
} from '@pause/kube-harness';
// Brings in the `inject('kube')` typing of the global setup.
export type { ProvidedKube } from '@pause/kube-harness/vitest-global-setup';
