import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type RunningApiServer, startApiServer } from './apiserver.ts';
import { ENSURE_HINT, findAssets } from './assets.ts';
import { generateCerts } from './certs.ts';
import type { KubeEndpoint } from './client.ts';
import { type RunningEtcd, startEtcd } from './etcd.ts';
import {
  buildKubeConfig,
  type HarnessUser,
  type KubeConfigOptions,
  kubeconfigFileText,
  loadKubeconfigFile,
} from './kubeconfig.ts';
import { freePorts } from './ports.ts';
import { forgetTempDir, killByPid, type ManagedProcess, trackTempDir } from './process.ts';

/** Name of the admin user (group `system:masters`). */
export const ADMIN_USER = 'admin';

/** Low-privilege users created by default: no groups beyond `system:authenticated`. */
export const DEFAULT_LIMITED_USERS: readonly string[] = ['limited-1', 'limited-2', 'limited-3'];

/** Options of {@link start}. */
export interface StartOptions {
  /**
   * Token users besides the admin (the token file is read once at start-up, so all users
   * are created up front). Default: `limited-1`..`limited-3` without groups.
   */
  users?: ReadonlyArray<{ name: string; groups?: readonly string[] }>;
  /** Extra kube-apiserver flags (appended last). */
  apiServerArgs?: readonly string[];
  /** Readiness timeout for each server (default 60 s). */
  readyTimeoutMs?: number;
  /** Ignore `PAUSE_TEST_KUBECONFIG` and always start local servers. */
  ignoreExternal?: boolean;
  env?: NodeJS.ProcessEnv;
}

/** Serializable description of a running (or external) cluster. */
export interface KubeHarnessInfo {
  /** Kubeconfig file (JSON text) for the admin; contexts are named after the users. */
  kubeconfigPath: string;
  /** Same content as plain data for `KubeConfig.loadFromOptions(...)` of `@kubernetes/client-node`. */
  kubeConfig: KubeConfigOptions;
  /** API server URL, e.g. `https://127.0.0.1:41234`. */
  server: string;
  /** Admin bearer token ('' if the external cluster's user has none). */
  token: string;
  /** PEM of the CA to trust for {@link KubeHarnessInfo.server} ('' = system CAs). */
  caPem: string;
  /** Token users by name, the admin included (empty for an external cluster). */
  users: Record<string, HarnessUser>;
  /** True when the cluster came from `PAUSE_TEST_KUBECONFIG` (nothing was started). */
  external: boolean;
  /** Milliseconds to a healthy etcd and a ready API server (0 for an external cluster). */
  timings: { etcdReadyMs: number; apiServerReadyMs: number; totalMs: number };
  /** Process ids of the servers (0 for an external cluster). */
  pids: { etcd: number; apiServer: number };
}

/** A running cluster and how to stop it. */
export interface KubeHarness extends KubeHarnessInfo {
  /** Endpoint of a user for {@link kubeRequest}-style calls (default: the admin). */
  endpoint(user?: string): KubeEndpoint;
  /** Kubeconfig options whose current context is `user`. */
  kubeConfigFor(user: string): KubeConfigOptions;
  /** Stops both servers (SIGTERM, then SIGKILL) and removes the temp dir. No-op if external. */
  stop(): Promise<void>;
  /**
   * Kills the API server by its PID (default `SIGKILL`: a crash, nothing flushed) and resolves
   * once it has exited. etcd keeps running. Throws for an external cluster.
   */
  killApiServer(signal?: NodeJS.Signals): Promise<void>;
  /**
   * Starts the API server again on the same port, with the same certificates, token users and
   * etcd (so every kubeconfig stays valid), and resolves once `/readyz` is OK; returns its new
   * PID (also in `pids.apiServer`). Throws if it is still running, or for an external cluster.
   */
  restartApiServer(): Promise<number>;
  /**
   * Kills etcd by its PID (default `SIGKILL`) and resolves once it has exited; the API server
   * keeps running without its storage. Throws for an external cluster.
   */
  killEtcd(signal?: NodeJS.Signals): Promise<void>;
  /**
   * Starts etcd again on the same ports and data directory (every object survives) and resolves
   * once it is healthy; returns its new PID (also in `pids.etcd`). Does not wait for the API
   * server to reconnect. Throws if it is still running, or for an external cluster.
   */
  restartEtcd(): Promise<number>;
}

/** Restart hooks of a local cluster (absent for an external one). */
interface Restarts {
  killApiServer(signal?: NodeJS.Signals): Promise<void>;
  restartApiServer(): Promise<number>;
  killEtcd(signal?: NodeJS.Signals): Promise<void>;
  restartEtcd(): Promise<number>;
}

const noRestarts: Restarts = {
  killApiServer: external('killApiServer'),
  restartApiServer: external('restartApiServer'),
  killEtcd: external('killEtcd'),
  restartEtcd: external('restartEtcd'),
};

function external(what: string): () => Promise<never> {
  return () =>
    Promise.reject(new Error(`${what}: the cluster is external (PAUSE_TEST_KUBECONFIG)`));
}

/** The plain-data part of a handle (what the vitest global setup provides to tests). */
export function harnessInfo(h: KubeHarnessInfo): KubeHarnessInfo {
  return {
    kubeconfigPath: h.kubeconfigPath,
    kubeConfig: h.kubeConfig,
    server: h.server,
    token: h.token,
    caPem: h.caPem,
    users: h.users,
    external: h.external,
    timings: h.timings,
    pids: h.pids,
  };
}

function token(): string {
  return randomBytes(24).toString('hex');
}

function csvField(value: string): string {
  return `"${value.replaceAll('"', '""')}"`;
}

function makeHandle(
  info: KubeHarnessInfo,
  stop: () => Promise<void>,
  restarts: Restarts = noRestarts,
): KubeHarness {
  return {
    ...info,
    ...restarts,
    endpoint(user = ADMIN_USER) {
      const u = info.users[user];
      if (!u && user !== ADMIN_USER) throw new Error(`unknown harness user "${user}"`);
      return { server: info.server, caPem: info.caPem, token: u?.token ?? info.token };
    },
    kubeConfigFor(user) {
      if (!info.kubeConfig.contexts.some((c) => c.name === user)) {
        throw new Error(`no context "${user}" in kubeconfig`);
      }
      return { ...info.kubeConfig, currentContext: user };
    },
    stop,
  };
}

async function externalCluster(path: string): Promise<KubeHarness> {
  const kubeConfig = await loadKubeconfigFile(path);
  const context = kubeConfig.contexts.find((c) => c.name === kubeConfig.currentContext);
  const cluster = kubeConfig.clusters.find((c) => c.name === context?.cluster);
  const user = kubeConfig.users.find((u) => u.name === context?.user);
  if (!context || !cluster) {
    throw new Error(
      `PAUSE_TEST_KUBECONFIG=${path}: current context "${kubeConfig.currentContext}" not found`,
    );
  }
  let caPem = '';
  if (cluster.caData) caPem = Buffer.from(cluster.caData, 'base64').toString('utf8');
  else if (cluster.caFile) caPem = readFileSync(cluster.caFile, 'utf8');
  const info: KubeHarnessInfo = {
    kubeconfigPath: resolve(path),
    kubeConfig,
    server: cluster.server,
    token: user?.token ?? '',
    caPem,
    users: {},
    external: true,
    timings: { etcdReadyMs: 0, apiServerReadyMs: 0, totalMs: 0 },
    pids: { etcd: 0, apiServer: 0 },
  };
  return makeHandle(info, async () => undefined);
}

/**
 * Starts etcd and kube-apiserver on free 127.0.0.1 ports in a fresh temp dir (certificates,
 * token users, kubeconfig file) and resolves once `/readyz` is OK. If `PAUSE_TEST_KUBECONFIG`
 * names a kubeconfig file, starts nothing and returns a handle for that cluster instead.
 * Binaries come from `KUBEBUILDER_ASSETS` or the `ensure` cache.
 */
export async function start(options: StartOptions = {}): Promise<KubeHarness> {
  const env = options.env ?? process.env;
  const externalPath = env.PAUSE_TEST_KUBECONFIG;
  if (externalPath && !options.ignoreExternal) return externalCluster(externalPath);

  const assets = findAssets(env);
  if (!assets) {
    throw new Error(`kube-apiserver/etcd binaries not found. Run once: ${ENSURE_HINT}`);
  }
  const users: HarnessUser[] = [
    { name: ADMIN_USER, token: token(), groups: ['system:masters'] },
    ...(options.users ?? DEFAULT_LIMITED_USERS.map((name) => ({ name, groups: [] }))).map((u) => ({
      name: u.name,
      token: token(),
      groups: [...(u.groups ?? [])],
    })),
  ];
  // Ports are free "a moment ago"; retry the whole start on a lost race.
  for (let attempt = 1; ; attempt++) {
    try {
      return await startOnce(assets.kubeApiserver, assets.etcd, users, options);
    } catch (error) {
      if (attempt >= 3 || !/address already in use/i.test((error as Error).message)) throw error;
    }
  }
}

async function startOnce(
  kubeApiserver: string,
  etcdBinary: string,
  users: HarnessUser[],
  options: StartOptions,
): Promise<KubeHarness> {
  const t0 = Date.now();
  const dir = mkdtempSync(join(tmpdir(), 'pause-kube-'));
  trackTempDir(dir);
  let etcd: RunningEtcd | undefined;
  let api: RunningApiServer | undefined;
  let stopped = false;
  const stop = async () => {
    if (stopped) return;
    stopped = true;
    await api?.process.stop();
    await etcd?.process.stop();
    rmSync(dir, { recursive: true, force: true });
    forgetTempDir(dir);
  };
  try {
    const certDir = join(dir, 'pki');
    mkdirSync(certDir);
    const [certs, ports] = await Promise.all([generateCerts(certDir), freePorts(3)]);
    const [apiPort, clientPort, peerPort] = ports as [number, number, number];
    const tokenFile = join(dir, 'tokens.csv');
    // --token-auth-file lines: token,user,uid[,"group1,group2"]
    const tokenLines = users.map((u) =>
      [u.token, u.name, u.name, ...(u.groups.length ? [csvField(u.groups.join(','))] : [])].join(
        ',',
      ),
    );
    writeFileSync(tokenFile, `${tokenLines.join('\n')}\n`, { mode: 0o600 });
    const readyTimeoutMs = options.readyTimeoutMs ?? 60_000;
    const etcdOptions = {
      binary: etcdBinary,
      dataDir: join(dir, 'etcd-data'),
      clientPort,
      peerPort,
      logPath: join(dir, 'etcd.log'),
      readyTimeoutMs,
    };
    etcd = await startEtcd(etcdOptions);
    const etcdReadyMs = Date.now() - t0;
    const admin = users[0] as HarnessUser;
    const apiOptions = {
      binary: kubeApiserver,
      port: apiPort,
      etcdUrl: etcd.url,
      certs,
      tokenFile,
      certDir: join(dir, 'apiserver-certs'),
      logPath: join(dir, 'kube-apiserver.log'),
      adminToken: admin.token,
      readyTimeoutMs,
      ...(options.apiServerArgs ? { extraArgs: options.apiServerArgs } : {}),
    };
    api = await startApiServer(apiOptions);
    const totalMs = Date.now() - t0;
    const kubeConfig = buildKubeConfig(api.server, certs.caPem, users, admin.name);
    const kubeconfigPath = join(dir, 'kubeconfig');
    writeFileSync(kubeconfigPath, kubeconfigFileText(kubeConfig), { mode: 0o600 });
    const info: KubeHarnessInfo = {
      kubeconfigPath,
      kubeConfig,
      server: api.server,
      token: admin.token,
      caPem: certs.caPem,
      users: Object.fromEntries(users.map((u) => [u.name, u])),
      external: false,
      timings: { etcdReadyMs, apiServerReadyMs: totalMs - etcdReadyMs, totalMs },
      pids: { etcd: etcd.process.pid, apiServer: api.process.pid },
    };
    const kill = async (server: ManagedProcess | undefined, signal: NodeJS.Signals) => {
      if (stopped) throw new Error('the harness is stopped');
      if (!server || server.hasExited()) return;
      killByPid(server.pid, signal);
      await server.exited;
    };
    const restarts: Restarts = {
      killApiServer: (signal = 'SIGKILL') => kill(api?.process, signal),
      async restartApiServer() {
        if (stopped) throw new Error('the harness is stopped');
        if (api && !api.process.hasExited()) throw new Error('kube-apiserver is still running');
        api = await startApiServer(apiOptions);
        info.pids.apiServer = api.process.pid; // the handle shares `info.pids`
        return api.process.pid;
      },
      killEtcd: (signal = 'SIGKILL') => kill(etcd?.process, signal),
      async restartEtcd() {
        if (stopped) throw new Error('the harness is stopped');
        if (etcd && !etcd.process.hasExited()) throw new Error('etcd is still running');
        etcd = await startEtcd(etcdOptions);
        info.pids.etcd = etcd.process.pid;
        return etcd.process.pid;
      },
    };
    return makeHandle(info, stop, restarts);
  } catch (error) {
    await stop();
    throw error;
  }
}
