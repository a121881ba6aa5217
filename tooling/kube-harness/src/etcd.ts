import { get } from 'node:http';
import { describeExit, logTail, type ManagedProcess, sleep, spawnServer } from './process.ts';

/** Options of {@link startEtcd}. */
export interface EtcdOptions {
  binary: string;
  dataDir: string;
  clientPort: number;
  peerPort: number;
  logPath: string;
  readyTimeoutMs?: number;
}

/** A running single-member etcd bound to 127.0.0.1. */
export interface RunningEtcd {
  /** Client URL, e.g. `http://127.0.0.1:41235`. */
  url: string;
  process: ManagedProcess;
}

function healthy(url: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = get(`${url}/health`, { timeout: 2_000 }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        text += chunk;
      });
      res.on('end', () => resolve(res.statusCode === 200 && /"health":\s*"true"/.test(text)));
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(false));
  });
}

/** Starts etcd (client and peer URLs on 127.0.0.1) and waits until `/health` reports true. */
export async function startEtcd(opts: EtcdOptions): Promise<RunningEtcd> {
  const url = `http://127.0.0.1:${opts.clientPort}`;
  const peer = `http://127.0.0.1:${opts.peerPort}`;
  const proc = spawnServer(
    'etcd',
    opts.binary,
    [
      '--name=harness',
      `--data-dir=${opts.dataDir}`,
      `--listen-client-urls=${url}`,
      `--advertise-client-urls=${url}`,
      `--listen-peer-urls=${peer}`,
      `--initial-advertise-peer-urls=${peer}`,
      `--initial-cluster=harness=${peer}`,
      '--initial-cluster-state=new',
      '--log-level=warn',
      '--logger=zap',
    ],
    opts.logPath,
  );
  const deadline = Date.now() + (opts.readyTimeoutMs ?? 30_000);
  while (Date.now() < deadline) {
    if (proc.hasExited()) {
      const info = await proc.exited;
      throw new Error(`etcd ${describeExit(info)}; last log lines:\n${logTail(opts.logPath)}`);
    }
    if (await healthy(url)) return { url, process: proc };
    await sleep(100);
  }
  await proc.stop();
  throw new Error(
    `etcd not healthy within ${opts.readyTimeoutMs ?? 30_000} ms; last log lines:\n${logTail(opts.logPath)}`,
  );
}
