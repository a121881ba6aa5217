/**
 * Real kube-apiserver + etcd for integration tests ("envtest for TypeScript").
 * @packageDocumentation
 */
export {
  type ApiServerOptions,
  apiServerArgs,
  type RunningApiServer,
  startApiServer,
} from './apiserver.ts';
export {
  type AssetManifest,
  type Assets,
  cacheDir,
  ENSURE_HINT,
  type EnsureOptions,
  ensureAssets,
  findAssets,
  INSTALL_SCRIPT,
  KUBE_VERSION,
  missingSystemDeps,
  readManifest,
} from './assets.ts';
export {
  type CertBundle,
  generateCerts,
  generateSelfSignedCert,
  type SelfSignedCert,
  type SelfSignedCertOptions,
} from './certs.ts';
export {
  type KubeEndpoint,
  type KubeRequestOptions,
  type KubeResponse,
  type KubeWatch,
  kubeRequest,
  kubeWatch,
  type WatchEvent,
} from './client.ts';
export { type EtcdOptions, type RunningEtcd, startEtcd } from './etcd.ts';
export { eventually } from './eventually.ts';
export {
  type FaultProxy,
  type FaultProxyOptions,
  type FaultProxyStats,
  type ProxiedRequest,
  type ProxyFault,
  type RequestMatch,
  startFaultProxy,
} from './fault-proxy.ts';
export {
  buildKubeConfig,
  HARNESS_CLUSTER,
  type HarnessUser,
  type KubeConfigCluster,
  type KubeConfigContext,
  type KubeConfigOptions,
  type KubeConfigUser,
  kubeconfigFileText,
  loadKubeconfigFile,
  optionsFromKubeconfigDocument,
  withContext,
} from './kubeconfig.ts';
export { freePorts } from './ports.ts';
export { type ExitInfo, killByPid, logTail, type ManagedProcess, spawnServer } from './process.ts';
export {
  ADMIN_USER,
  DEFAULT_LIMITED_USERS,
  harnessInfo,
  type KubeHarness,
  type KubeHarnessInfo,
  type StartOptions,
  start,
} from './start.ts';
export {
  type CrdManifest,
  type InstallCrdOptions,
  installCrd,
  type TestCrdOptions,
  testCrd,
} from './test-crd.ts';
export { isCI, type ProvidedKube } from './vitest-global-setup.ts';
