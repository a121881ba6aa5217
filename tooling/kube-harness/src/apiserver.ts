import type { CertBundle } from './certs.ts';
import { kubeRequest } from './client.ts';
import { describeExit, logTail, type ManagedProcess, sleep, spawnServer } from './process.ts';

/** Options of {@link startApiServer}. */
export interface ApiServerOptions {
  binary: string;
  port: number;
  etcdUrl: string;
  certs: CertBundle;
  /** CSV for `--token-auth-file` (`token,user,uid,"group1,group2"`). */
  tokenFile: string;
  /** Scratch folder for `--cert-dir`. */
  certDir: string;
  logPath: string;
  /** Token used to poll `/readyz`. */
  adminToken: string;
  /** Service CIDR (default `10.0.0.0/24`). */
  serviceClusterIpRange?: string;
  /** Extra flags appended last (they override earlier ones). */
  extraArgs?: readonly string[];
  readyTimeoutMs?: number;
}

/** A running kube-apiserver on `https://127.0.0.1:<port>`. */
export interface RunningApiServer {
  server: string;
  process: ManagedProcess;
}

/** The flags the harness passes to kube-apiserver (exported for documentation and tests). */
export function apiServerArgs(opts: ApiServerOptions): string[] {
  return [
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--secure-port=${opts.port}`,
    `--cert-dir=${opts.certDir}`,
    `--tls-cert-file=${opts.certs.serverCertPath}`,
    `--tls-private-key-file=${opts.certs.serverKeyPath}`,
    `--client-ca-file=${opts.certs.caCertPath}`,
    `--token-auth-file=${opts.tokenFile}`,
    '--authorization-mode=RBAC',
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    `--service-account-key-file=${opts.certs.serviceAccountPubPath}`,
    `--service-account-signing-key-file=${opts.certs.serviceAccountKeyPath}`,
    `--service-cluster-ip-range=${opts.serviceClusterIpRange ?? '10.0.0.0/24'}`,
    '--endpoint-reconciler-type=none',
    '--disable-admission-plugins=ServiceAccount',
    '--allow-privileged=true',
    `--etcd-servers=${opts.etcdUrl}`,
    ...(opts.extraArgs ?? []),
  ];
}

/** Starts kube-apiserver and waits until `/readyz` answers 200. */
export async function startApiServer(opts: ApiServerOptions): Promise<RunningApiServer> {
  const server = `https://127.0.0.1:${opts.port}`;
  const proc = spawnServer('kube-apiserver', opts.binary, apiServerArgs(opts), opts.logPath);
  const endpoint = { server, caPem: opts.certs.caPem, token: opts.adminToken };
  const timeoutMs = opts.readyTimeoutMs ?? 60_000;
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (proc.hasExited()) {
      const info = await proc.exited;
      throw new Error(
        `kube-apiserver ${describeExit(info)}; last log lines:\n${logTail(opts.logPath)}`,
      );
    }
    try {
      const res = await kubeRequest(endpoint, { path: '/readyz', timeoutMs: 2_000 });
      if (res.status === 200) return { server, process: proc };
      last = `HTTP ${res.status}: ${res.text.slice(0, 300)}`;
    } catch (error) {
      last = (error as Error).message;
    }
    await sleep(200);
  }
  await proc.stop();
  throw new Error(
    `kube-apiserver not ready within ${timeoutMs} ms (last /readyz: ${last}); last log lines:\n${logTail(opts.logPath)}`,
  );
}
