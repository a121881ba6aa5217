import { randomBytes } from 'node:crypto';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freePorts, logTail, type ManagedProcess, spawnServer } from '@pause/kube-harness';
import { verdaccioConfig } from './verdaccio-config.ts';

/** Options of {@link startLocalRegistry}. */
export interface LocalRegistryOptions {
  /** An empty folder for the config, storage, users, log and the npm user config. */
  dir: string;
  /** verdaccio's executable script (`node_modules/verdaccio/bin/verdaccio`), run with this Node. */
  verdaccioBin: string;
  /** The scope published here, e.g. `@pause`. */
  scope: string;
  /** Where every other package comes from, e.g. `https://registry.npmjs.org/`. */
  uplink: string;
  /** Ready within this long (default 60 s). */
  readyTimeoutMs?: number;
}

/** A running verdaccio with a logged-in publisher. */
export interface LocalRegistry {
  /** `http://127.0.0.1:<port>/`. */
  readonly url: string;
  readonly pid: number;
  /**
   * An npm user config (`npm_config_userconfig`) naming this registry, with the publisher's
   * token and npm's chatter (fund, audit, update notice) off.
   */
  readonly userconfig: string;
  /** verdaccio's own log (stdout + stderr). */
  readonly logPath: string;
  /** Whether the process is still there (signal 0 to its PID). */
  isRunning(): boolean;
  /** Stops verdaccio by PID (SIGTERM, then SIGKILL after 10 s) and waits for it to exit. */
  stop(): Promise<void>;
}

/** Whether a process with this PID exists (signal 0). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitUntilReady(url: string, server: ManagedProcess, timeoutMs: number) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (server.hasExited()) return false;
    try {
      const response = await fetch(new URL('-/ping', url), { signal: AbortSignal.timeout(2_000) });
      if (response.ok) return true;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(
    `verdaccio not ready at ${url} within ${timeoutMs} ms:\n${logTail(server.logPath)}`,
  );
}

/** Adds a user (verdaccio's `npm adduser` endpoint) and returns its token. */
async function addPublisher(url: string): Promise<string> {
  const name = `release-test-${randomBytes(3).toString('hex')}`;
  const response = await fetch(new URL(`-/user/org.couchdb.user:${name}`, url), {
    method: 'PUT',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      name,
      password: randomBytes(12).toString('hex'),
      type: 'user',
      roles: [],
    }),
  });
  const body = (await response.json()) as { token?: string };
  if (!response.ok || !body.token) {
    throw new Error(`adding a user to ${url}: HTTP ${response.status} ${JSON.stringify(body)}`);
  }
  return body.token;
}

/**
 * Starts verdaccio on a free `127.0.0.1` port with the config of `verdaccioConfig` (storage in
 * `dir`), waits until it answers, adds a publisher and writes {@link LocalRegistry.userconfig}.
 * A lost port race is retried. The process is killed if this one exits without `stop()`.
 */
export async function startLocalRegistry(options: LocalRegistryOptions): Promise<LocalRegistry> {
  const { dir } = options;
  mkdirSync(join(dir, 'storage'), { recursive: true });
  const configPath = join(dir, 'config.yaml');
  writeFileSync(
    configPath,
    verdaccioConfig({
      storage: join(dir, 'storage'),
      htpasswd: join(dir, 'htpasswd'),
      scope: options.scope,
      uplink: options.uplink,
    }),
  );
  for (let attempt = 1; ; attempt++) {
    const [port] = await freePorts(1);
    const url = `http://127.0.0.1:${port}/`;
    const logPath = join(dir, `verdaccio-${attempt}.log`);
    // --use-system-ca: the uplink's TLS is checked against the system's CAs (a TLS-inspecting
    // proxy's CA included) even when NODE_EXTRA_CA_CERTS is not passed down (turbo's strict env).
    const server = spawnServer(
      'verdaccio',
      process.execPath,
      [
        '--use-system-ca',
        options.verdaccioBin,
        '--config',
        configPath,
        '--listen',
        `127.0.0.1:${port}`,
      ],
      logPath,
    );
    const ready = await waitUntilReady(url, server, options.readyTimeoutMs ?? 60_000).catch(
      async (error: unknown) => {
        await server.stop();
        throw error;
      },
    );
    if (!ready) {
      if (attempt < 3) continue; // most likely the port was taken meanwhile
      throw new Error(`verdaccio exited during start-up:\n${logTail(logPath)}`);
    }
    const token = await addPublisher(url).catch(async (error: unknown) => {
      await server.stop();
      throw error;
    });
    const userconfig = join(dir, 'npmrc');
    const hostPath = url.replace(/^http:/, '');
    writeFileSync(
      userconfig,
      [
        `registry=${url}`,
        `${hostPath}:_authToken=${token}`,
        'fund=false',
        'audit=false',
        'update-notifier=false',
        '',
      ].join('\n'),
    );
    return {
      url,
      pid: server.pid,
      userconfig,
      logPath,
      isRunning: () => processExists(server.pid),
      stop: () => server.stop(10_000),
    };
  }
}
